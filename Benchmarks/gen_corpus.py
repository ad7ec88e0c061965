#!/usr/bin/env python3
"""Deterministic synthetic mail for the ingest benchmark.

    gen_corpus.py OUT_DIR [--messages N] [--mailboxes M] [--seed S] [--sql FILE]

Writes N distinct messages as Maildirs, OUT_DIR/<address>/{cur,new,tmp}/<unique>[:2,S], spread over M
mailboxes. Each message is multipart/alternative text + HTML (some wrapped in multipart/mixed with a
base64 attachment), with 1-5 URLs: about a third come from a pool of shared "campaign" URLs, so many
messages carry the same link, the rest are unique. Headers vary (Received chains, X-Mailer, List-Unsubscribe,
Reply-To, Cc, encoded-word subjects). Same seed, same bytes.

With --sql, also writes the rows `quell import` stores for the same messages (messages, message_urls, the
full-text rows, recipients, attachments, mailboxes; as SQLiteTransaction.insertMessage writes them) in one SQL transaction.
"""
import argparse
import base64
import hashlib
import json
import os
import random
import re
import uuid
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

TENANT = "bench"
DOMAINS = ["contoso.test", "fabrikam.test", "northwind.test", "adatum.test", "litware.test", "tailspin.test"]
BRANDS = ["Microsoft 365", "DocuSign", "PayPal", "DHL Express", "Payroll", "IT Helpdesk", "SharePoint", "Zoom"]
SUBJECTS = ["Your invoice {n} is ready", "Action required: verify your account", "Quarterly report {n}",
            "Re: meeting notes for {d}", "Shared document: Q{q} budget", "Password expires in {k} days",
            "Delivery attempt failed for parcel {n}", "Team lunch on {d}", "Fwd: contract draft v{k}",
            "Überprüfung Ihrer Zahlung {n}", "Payment received – thank you"]
WORDS = ("the of and to in is you that it he was for on are as with his they at be this have from or one had by "
         "word but not what all were we when your can said there use an each which she do how their if will up "
         "other about out many then them these so some her would make like him into time has look two more write "
         "go see number no way could people my than first water been call who oil its now find long down day did "
         "get come made may part invoice account payment review document secure login verify update").split()
FIRST = ["Alice", "Bob", "Carol", "Dan", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj",
         "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Zoë"]
LAST = ["Smith", "Jones", "García", "Müller", "Rossi", "Dubois", "Nowak", "Kim", "Okafor", "Tanaka"]
MAILERS = ["Microsoft Outlook 16.0", "Apple Mail (2.3731)", "Mozilla Thunderbird", "PHPMailer 6.8.0", None]
CAMPAIGN_HOSTS = ["login-micros0ft.example", "docusign-review.example", "paypa1-secure.example", "dhl-track.example",
                  "payroll-portal.example", "helpdesk-reset.example", "sharepoint-files.example", "zoom-invite.example"]


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(2, 5)))


def campaign_pool(rng, size):
    pool = []
    for i in range(size):
        host = rng.choice(CAMPAIGN_HOSTS)
        pool.append(f"https://{host}/c/{i:03d}/{rng.getrandbits(40):010x}?src=mail")
    return pool


def unique_url(rng, n, k):
    domain = rng.choice(DOMAINS)
    scheme = rng.choice(["https", "https", "http"])
    path = "/".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
    return f"{scheme}://www.{domain}/{path}/{n}-{k}?id={rng.getrandbits(32):08x}"


def encoded_word(text):
    return "=?UTF-8?B?" + base64.b64encode(text.encode()).decode() + "?="


def person(rng, domain):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return f"{first} {last}", f"{first.lower().replace('ë', 'e')}.{last.lower()}@{domain}".encode("ascii", "ignore").decode()


def wrap76(data):
    text = base64.b64encode(data).decode()
    return "\r\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def make_message(rng, n, mailbox, pool, when):
    urls = []
    for k in range(rng.randint(1, 5)):
        urls.append(rng.choice(pool) if rng.random() < 0.35 else unique_url(rng, n, k))
    from_name, from_addr = person(rng, rng.choice(DOMAINS))
    to_name = mailbox.split("@")[0]
    subject = rng.choice(SUBJECTS).format(n=n, d=when.strftime("%d %b"), q=rng.randint(1, 4), k=rng.randint(2, 9))
    message_id = f"{uuid.UUID(int=rng.getrandbits(128)).hex}.{n}@{from_addr.split('@')[1]}"
    cc = [person(rng, rng.choice(DOMAINS)) for _ in range(rng.choice([0, 0, 0, 1, 2]))]
    brand = rng.choice(BRANDS)
    boundary_alt = f"=_alt_{rng.getrandbits(64):016x}"
    text_lines = [f"Hello {to_name},", "", paragraph(rng), ""]
    html_links = []
    for i, url in enumerate(urls):
        if i % 2 == 0:
            text_lines.append(f"Open: {url}")
        html_links.append(f'<p><a href="{url}">{brand} – {rng.choice(["Review", "Open", "Sign in", "Download"])}</a></p>')
    text_lines += ["", paragraph(rng), "", f"-- {from_name}"]
    text = "\r\n".join(text_lines)
    html = (f"<html><head><style>p{{font-family:Arial}}</style></head><body><p>Hello {to_name},</p>"
            f"<p>{paragraph(rng)}</p>{''.join(html_links)}<p>{paragraph(rng)}</p>"
            f'<img src="https://cdn.{rng.choice(DOMAINS)}/pixel/{n}.gif" width="1" height="1"></body></html>')
    # The pixel is a URL too (img src), as every parser-side tool extracts it.
    urls.append(f"https://cdn.{html.split('https://cdn.')[1].split('/')[0]}/pixel/{n}.gif")
    alt = (f"--{boundary_alt}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           f"{text}\r\n--{boundary_alt}\r\nContent-Type: text/html; charset=utf-8\r\n"
           f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{qp(html)}\r\n--{boundary_alt}--\r\n")
    headers = []
    hop = when
    for i in range(rng.randint(1, 4)):
        hop = hop - timedelta(seconds=rng.randint(1, 90))
        headers.append(f"Received: from mx{i}.{rng.choice(DOMAINS)} (mx{i}.{rng.choice(DOMAINS)} [10.{rng.randint(0, 255)}."
                       f"{rng.randint(0, 255)}.{rng.randint(1, 254)}])\r\n\tby mail.bench.quell.test with ESMTPS id "
                       f"{rng.getrandbits(48):012x}\r\n\tfor <{mailbox}>; {format_datetime(hop)}")
    headers.append(f"Return-Path: <bounce-{n}@{from_addr.split('@')[1]}>")
    headers.append(f"From: \"{from_name}\" <{from_addr}>" if rng.random() < 0.7 else f"From: {encoded_word(from_name)} <{from_addr}>")
    headers.append(f"To: {to_name} <{mailbox}>")
    if cc:
        headers.append("Cc: " + ", ".join(f"{nm} <{ad}>" for nm, ad in cc))
    if rng.random() < 0.2:
        headers.append(f"Reply-To: <{rng.choice(['support', 'noreply', 'billing'])}@{rng.choice(CAMPAIGN_HOSTS)}>")
    headers.append(f"Subject: {encoded_word(subject) if not subject.isascii() or rng.random() < 0.2 else subject}")
    headers.append(f"Date: {format_datetime(when)}")
    headers.append(f"Message-ID: <{message_id}>")
    headers.append("MIME-Version: 1.0")
    mailer = rng.choice(MAILERS)
    if mailer:
        headers.append(f"X-Mailer: {mailer}")
    if rng.random() < 0.3:
        headers.append(f"List-Unsubscribe: <mailto:unsub-{n}@{from_addr.split('@')[1]}>")
    attachments = []
    if rng.random() < 0.18:
        boundary_mixed = f"=_mixed_{rng.getrandbits(64):016x}"
        kind = rng.choice([("application/pdf", "pdf"), ("image/png", "png"),
                           ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")])
        payload = rng.randbytes(rng.randint(2_000, 24_000))
        name = f"{rng.choice(['invoice', 'scan', 'report', 'Rechnung'])}_{n}.{kind[1]}"
        attachments.append((name, kind[0], len(payload), hashlib.sha256(payload).hexdigest()))
        headers.append(f'Content-Type: multipart/mixed; boundary="{boundary_mixed}"')
        body = (f"This is a multi-part message in MIME format.\r\n--{boundary_mixed}\r\n"
                f'Content-Type: multipart/alternative; boundary="{boundary_alt}"\r\n\r\n{alt}'
                f"--{boundary_mixed}\r\nContent-Type: {kind[0]}; name=\"{name}\"\r\n"
                f"Content-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                f"{wrap76(payload)}\r\n--{boundary_mixed}--\r\n")
    else:
        headers.append(f'Content-Type: multipart/alternative; boundary="{boundary_alt}"')
        body = alt
    raw = ("\r\n".join(headers) + "\r\n\r\n" + body).encode("utf-8")
    row = {"message_id": message_id, "sender": from_addr, "recipients": [mailbox] + [ad for _, ad in cc],
           "subject": subject, "received_at": when.timestamp(), "urls": list(dict.fromkeys(urls)),
           # What Quell's full-text index holds: the plain text and the HTML rendered to text.
           "search_text": text + "\n" + re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html)),
           "attachments": attachments}
    return raw, row


def qp(text):
    """Quoted-printable with soft line breaks, enough for generated HTML."""
    out, line = [], ""
    for ch in text:
        enc = ch if (33 <= ord(ch) <= 126 and ch != "=") or ch == " " else "".join(f"={b:02X}" for b in ch.encode())
        if len(line) + len(enc) > 75:
            out.append(line + "=")
            line = ""
        line += enc
    out.append(line)
    return "\r\n".join(out)


def sql_text(value):
    if value is None:
        return "NULL"
    return "'" + str(value).replace("'", "''") + "'"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--messages", type=int, default=5000)
    ap.add_argument("--mailboxes", type=int, default=50)
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--sql")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = campaign_pool(rng, 40)
    mailboxes = [f"{rng.choice(FIRST).lower().replace('ë', 'e')}{i:02d}@{rng.choice(DOMAINS)}" for i in range(args.mailboxes)]
    for mailbox in mailboxes:
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(args.out, mailbox, sub), exist_ok=True)
    start = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)
    sql = open(args.sql, "w") if args.sql else None
    if sql:
        sql.write("PRAGMA journal_mode = WAL;\nPRAGMA synchronous = NORMAL;\nBEGIN;\n")
        for mailbox in mailboxes:
            sql.write(f"INSERT INTO mailboxes (tenant_id, address, kind, location) VALUES ('{TENANT}', {sql_text(mailbox)}, "
                      f"'maildir', {sql_text(os.path.abspath(os.path.join(args.out, mailbox)))}) ON CONFLICT DO NOTHING;\n")
    total_bytes = 0
    ingested_at = 1_796_400_000.0
    for n in range(args.messages):
        mailbox = mailboxes[rng.randrange(len(mailboxes))]
        when = start + timedelta(seconds=n * 37 + rng.randint(0, 30))
        raw, row = make_message(rng, n, mailbox, pool, when)
        total_bytes += len(raw)
        key = f"{int(when.timestamp())}.M{n}P{rng.randint(100, 99999)}.bench"
        in_new = rng.random() < 0.2
        name = key if in_new else key + ":2,S"
        with open(os.path.join(args.out, mailbox, "new" if in_new else "cur", name), "wb") as f:
            f.write(raw)
        if sql:
            message_id = str(uuid.UUID(int=rng.getrandbits(128)))
            sql.write("INSERT INTO messages (tenant_id, id, mailbox, folder, location_key, content_hash, "
                      "internet_message_id, sender, recipients, subject, received_at, size_bytes, urls, ingested_at) "
                      f"VALUES ('{TENANT}', '{message_id}', {sql_text(mailbox)}, '', {sql_text(key)}, "
                      f"'{hashlib.sha256(raw).hexdigest()}', {sql_text(row['message_id'])}, {sql_text(row['sender'])}, "
                      f"{sql_text(json.dumps(row['recipients']))}, {sql_text(row['subject'])}, {row['received_at']}, "
                      f"{len(raw)}, {sql_text(json.dumps(row['urls']))}, {ingested_at + n / 1000}) "
                      "ON CONFLICT (tenant_id, mailbox, content_hash) DO NOTHING;\n")
            sql.write(f"INSERT INTO message_text (rowid, subject, body) VALUES (last_insert_rowid(), "
                      f"{sql_text(row['subject'])}, {sql_text(row['search_text'])});\n")
            for url in row["urls"]:
                sql.write(f"INSERT OR IGNORE INTO message_urls (tenant_id, url, message_id) VALUES ('{TENANT}', "
                          f"{sql_text(url)}, '{message_id}');\n")
            for address in dict.fromkeys(a.lower() for a in row["recipients"]):
                sql.write(f"INSERT OR IGNORE INTO message_recipients (tenant_id, address, message_id) VALUES ('{TENANT}', "
                          f"{sql_text(address)}, '{message_id}');\n")
            for ordinal, (name, mime, size, digest) in enumerate(row["attachments"]):
                sql.write("INSERT INTO message_attachments (tenant_id, message_id, ordinal, sha256, filename, content_type, "
                          f"size_bytes) VALUES ('{TENANT}', '{message_id}', {ordinal}, '{digest}', {sql_text(name)}, "
                          f"'{mime}', {size});\n")
    if sql:
        sql.write("COMMIT;\n")
        sql.close()
    print(json.dumps({"messages": args.messages, "mailboxes": len(mailboxes), "bytes": total_bytes, "seed": args.seed}))


if __name__ == "__main__":
    main()
