"""The SQL of docs/calendar.md ("Business time in SQL"), run in SQLite over the
spans `sla_calendar spans` writes, gives the same business time as `sla_calendar
elapsed` for 500 random ranges over a year.

usage: sql_spans.py SLA_CALENDAR CALENDAR_FILE DOCS_CALENDAR_MD WORK_DIR
"""
import csv
import datetime as dt
import os
import random
import re
import sqlite3
import subprocess
import sys

program, calendar, markdown, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
sql = re.search(r"## Business time in SQL.*?```sql\n(.*?)```", open(markdown, encoding="utf-8").read(), re.S)
if not sql:
    sys.exit(f"{markdown}: no ```sql block under 'Business time in SQL'")

spans = subprocess.run([program, "--calendar", calendar, "spans", "2025-12-20T00:00:00Z", "2027-01-10T00:00:00Z"],
                       check=True, capture_output=True, text=True).stdout
rng = random.Random(20261206)
base = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
queries = []
for i in range(500):
    a = base + dt.timedelta(seconds=rng.randrange(0, 360 * 86400))
    b = a + dt.timedelta(seconds=rng.randrange(0, 20 * 86400))
    queries.append((i, a.strftime("%Y-%m-%dT%H:%M:%SZ"), b.strftime("%Y-%m-%dT%H:%M:%SZ")))

expected = subprocess.run([program, "--calendar", calendar, "batch"], check=True, capture_output=True, text=True,
                          input="".join(f"elapsed {a} {b}\n" for _, a, b in queries)).stdout.split("\n")

db = sqlite3.connect(os.path.join(work, "spans.db"))
db.execute("DROP TABLE IF EXISTS spans")
db.execute("DROP TABLE IF EXISTS queries")
db.execute('CREATE TABLE spans("begin" TEXT, "end" TEXT)')
db.execute("CREATE TABLE queries(id INTEGER, from_at TEXT, to_at TEXT)")
rows = list(csv.DictReader(spans.splitlines()))
if len(rows) < 200:
    sys.exit(f"only {len(rows)} spans in a year")
db.executemany('INSERT INTO spans VALUES (?, ?)', [(r["begin"], r["end"]) for r in rows])
db.executemany("INSERT INTO queries VALUES (?, ?, ?)", queries)
got = db.execute(sql.group(1)).fetchall()
mismatches = [(q, e, g) for q, e, g in zip(queries, expected, got) if str(g[1]) != e or g[0] != q[0]]
if len(got) != len(queries) or mismatches:
    sys.exit(f"{len(mismatches)} mismatches, e.g. {mismatches[:3]}")
print(f"{len(queries)} ranges, {len(rows)} spans: SQL equals elapsed")
