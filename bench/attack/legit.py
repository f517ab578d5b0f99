#!/usr/bin/env python3
"""The legitimate client of bench/attack.sh: N sequential transactions with smtplib from its own address; prints
one JSON line: latencies (ms) of the successful ones and the errors."""
import json, smtplib, sys, time

port, count, source = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
body = "Subject: legitimate\r\n\r\n" + ("x" * 76 + "\r\n") * 12
latencies, errors = [], []
for i in range(count):
    start = time.perf_counter()
    try:
        with smtplib.SMTP("127.0.0.1", port, source_address=(source, 0), timeout=30) as smtp:
            smtp.ehlo("legit.example")
            smtp.sendmail("friend@elsewhere.example", ["alice@localhost"], body)
        latencies.append((time.perf_counter() - start) * 1000)
    except Exception as error:  # a benchmark reports failures, it does not stop on them
        errors.append(f"{type(error).__name__}: {error}"[:200])
print(json.dumps({"latencies": latencies, "errors": errors}))
