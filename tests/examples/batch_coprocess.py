"""sla_calendar batch as a co-process: each answer arrives before the next query is
written, although standard input stays open. Buffered output that waited for a full
block, or for the end of input, would hang here and fail on the timeout.

usage: batch_coprocess.py SLA_CALENDAR CALENDAR_FILE
"""
import select
import subprocess
import sys

program, calendar = sys.argv[1], sys.argv[2]
queries = [
    ("is-open 2026-03-02T15:00:00Z", "true"),
    ("elapsed 2026-03-02T14:00:00Z 2026-03-02T16:00:00Z", "7200"),
    ("deadline 2026-03-02T22:00:00Z 30min", "2026-03-03T14:30:00Z"),
    ("nonsense", 'error: unknown query "nonsense" (expected elapsed, deadline, is-open, next-open or next-close)'),
]
with subprocess.Popen([program, "--calendar", calendar, "batch"], stdin=subprocess.PIPE,
                      stdout=subprocess.PIPE, text=True, bufsize=1) as p:
    for query, expected in queries:
        p.stdin.write(query + "\n")
        p.stdin.flush()
        ready, _, _ = select.select([p.stdout], [], [], 20)
        if not ready:
            p.kill()
            sys.exit(f"no answer to {query!r} within 20 s while standard input stays open")
        got = p.stdout.readline().rstrip("\n")
        if got != expected:
            p.kill()
            sys.exit(f"{query!r}: expected {expected!r}, got {got!r}")
    p.stdin.close()
    if p.wait(20) != 0:
        sys.exit(f"exit status {p.returncode}")
print("ok")
