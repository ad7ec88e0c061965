#!/usr/bin/env python3
"""Baselines for the parse + extract benchmark: the same work Quell's parser does, in Python.

    parse_baselines.py {email|fast-mail-parser} --list FILE [--rounds N]

Every message listed in FILE is read into memory first. Per message: parse; read the usual headers
(From, To, Cc, Subject, Date, Message-ID); take the text/plain and text/html parts that are not
attachments and find URLs in them with one regex (HTML: href/src attributes and URLs in the text
both match it); SHA-256 every attachment's decoded bytes. One warm-up pass, then N timed passes on
one thread; prints one JSON object like quell-bench does.
"""
import argparse
import hashlib
import json
import re
import sys
import time

# http(s)/ftp URLs and www. hosts, stopping at whitespace, quotes and angle brackets.
URL_RE = re.compile(rb"(?:https?://|ftp://|www\.)[^\s<>\"'`{}|\\^]+", re.IGNORECASE)
URL_RE_STR = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"'`{}|\\^]+", re.IGNORECASE)
HEADERS = ("from", "to", "cc", "subject", "date", "message-id")


def make_email_worker():
    from email import policy
    from email.parser import BytesParser

    parser = BytesParser(policy=policy.default)

    def work(raw):
        msg = parser.parsebytes(raw)
        fields = 0
        for name in HEADERS:
            if msg.get(name) is not None:
                fields += 1
        urls = 0
        attachments = 0
        attachment_bytes = 0
        for part in msg.walk():
            if part.is_multipart():
                continue
            ctype = part.get_content_type()
            if part.is_attachment() or not ctype.startswith("text/"):
                if ctype.startswith("multipart/"):
                    continue
                payload = part.get_payload(decode=True) or b""
                hashlib.sha256(payload).hexdigest()
                attachments += 1
                attachment_bytes += len(payload)
            elif ctype in ("text/plain", "text/html"):
                try:
                    text = part.get_content()
                except Exception:  # unknown charset and the like: fall back to the raw bytes
                    text = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
                urls += len(URL_RE_STR.findall(text))
        return urls, attachments, attachment_bytes, fields

    return work


def make_fast_mail_parser_worker():
    import fast_mail_parser

    def work(raw):
        mail = fast_mail_parser.parse_email(raw)
        fields = sum(1 for v in (mail.from_, mail.to, mail.cc, mail.subject, mail.date) if v)
        urls = 0
        for text in mail.text_plain:
            urls += len(URL_RE_STR.findall(text))
        for html in mail.text_html:
            urls += len(URL_RE_STR.findall(html))
        attachments = 0
        attachment_bytes = 0
        for attachment in mail.attachments:
            content = attachment.content
            hashlib.sha256(content).hexdigest()
            attachments += 1
            attachment_bytes += len(content)
        return urls, attachments, attachment_bytes, fields

    return work


def run_pass(work, messages):
    totals = {"parsed": 0, "failed": 0, "urls": 0, "attachments": 0, "attachment_bytes": 0, "header_fields": 0}
    for raw in messages:
        try:
            urls, attachments, attachment_bytes, fields = work(raw)
        except Exception:
            totals["failed"] += 1
            continue
        totals["parsed"] += 1
        totals["urls"] += urls
        totals["attachments"] += attachments
        totals["attachment_bytes"] += attachment_bytes
        totals["header_fields"] += fields
    return totals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tool", choices=["email", "fast-mail-parser"])
    ap.add_argument("--list", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    try:
        work = make_email_worker() if args.tool == "email" else make_fast_mail_parser_worker()
    except ImportError as error:
        print(json.dumps({"tool": args.tool, "error": f"cannot import: {error}"}))
        return 0
    with open(args.list) as f:
        paths = [line.strip() for line in f if line.strip()]
    messages = []
    for path in paths:
        with open(path, "rb") as f:
            messages.append(f.read())
    warm = run_pass(work, messages)
    rounds = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        run_pass(work, messages)
        rounds.append(time.perf_counter() - start)
    result = {"tool": args.tool, "messages": len(messages), "bytes": sum(map(len, messages)), "rounds": args.rounds,
              "best_seconds": min(rounds), "round_seconds": rounds, **warm}
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
