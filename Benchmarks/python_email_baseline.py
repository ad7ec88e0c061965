#!/usr/bin/env python3
"""Python `email` baseline for QuellMailBench (see design/BENCHMARKS.md): the same
*.eml / *.mbox files, read into memory first, then best of N rounds of
BytesParser(policy=policy.default) + walking the parts with get_content() +
collecting URLs with a regex + SHA-256 of the attachments (and of the raw message).

Usage: python3 Benchmarks/python_email_baseline.py [--rounds N] DIR...
"""
import hashlib
import os
import re
import sys
import time
from email import policy
from email.parser import BytesParser

URL = re.compile(r"""(?i)\b(?:https?://|www\.)[^\s<>"'()]+""")


def load(dirs):
    out = []
    for root in dirs:
        paths = []
        for d, _, files in os.walk(root):
            paths += [os.path.join(d, f) for f in files if f.endswith((".eml", ".mbox"))]
        for p in sorted(paths):
            with open(p, "rb") as f:
                out.append(f.read())
    return out


def work(raw, parser):
    hashlib.sha256(raw).hexdigest()
    msg = parser.parsebytes(raw)
    urls = set()
    for part in msg.walk():
        if part.is_multipart():
            continue
        try:
            content = part.get_content()
        except Exception:  # malformed parts: what a careful caller does
            content = part.get_payload(decode=True) or b""
        if part.get_content_disposition() == "attachment" or not isinstance(content, str):
            data = content if isinstance(content, bytes) else str(content).encode("utf-8", "surrogateescape")
            hashlib.sha256(data).hexdigest()
        elif isinstance(content, str):
            urls.update(URL.findall(content))
    return len(urls)


def main():
    args = sys.argv[1:]
    rounds = 3
    if args[:1] == ["--rounds"]:
        rounds = int(args[1])
        args = args[2:]
    default = os.environ.get("QUELL_CORPUS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpus"))
    msgs = load(args or [os.path.normpath(default)])
    total = sum(len(m) for m in msgs)
    parser = BytesParser(policy=policy.default)
    print(f"python email: messages: {len(msgs)}, bytes: {total}")
    best = float("inf")
    for r in range(rounds):
        t = time.perf_counter()
        errors = urls = 0
        for m in msgs:
            try:
                urls += work(m, parser)
            except Exception:
                errors += 1
        dt = time.perf_counter() - t
        best = min(best, dt)
        print(f"round {r + 1}: {dt:.3f} s, {errors} errors, {urls} URLs")
    print(f"best: {best:.3f} s = {len(msgs) / best:.0f} messages/s, {total / best / 1e6:.1f} MB/s")


if __name__ == "__main__":
    main()
