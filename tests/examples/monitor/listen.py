#!/usr/bin/python3
"""sla_monitor --listen serves /metrics while it replays: start it on a free port,
fetch /metrics in both formats and /healthz, and check a few series.

    listen.py SLA_MONITOR STEADY_CHAT.csv WORK_DIR

monitor/steady_chat.csv holds 180 web chats, one a minute from 09:00:30 to 11:59:30
on Tuesday 2026-03-10, each answered in 5 s. The incident drops the answers of the
60 submitted in 10:00-11:00, so at the end of the replay: 120 met, 60 breached (the
monitor recorded each breach at its due, 60 s on, and still remembers them as
overdue), the histogram holds the 120 answers, all within the 60 s threshold
(_bucket{le="60"} = _count = 120, _sum = 600 s), compliance 120/180.
"""
import os
import shutil
import subprocess
import sys
import urllib.request


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def series(text):
    """name{labels} -> value, for the sample lines of a scrape."""
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        key, value = line.rsplit(" ", 1)
        out[key] = float(value)
    return out


def main():
    monitor, csv, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    snapshot = os.path.join(work, "listen.prom")
    process = subprocess.Popen(
        [monitor, "--requests", csv, "--incident", "2026-03-10T10:00:00+08:00,1h", "--severity", "page",
         "--metrics", snapshot, "--listen", "127.0.0.1:0", "--linger", "2min"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        address = None
        for line in process.stderr:
            if line.startswith("sla_monitor: serving "):
                address = line.split()[-1]
            if line.startswith("sla_monitor: replay done"):
                break
        else:
            fail("sla_monitor stopped before its replay was done (exit %s)" % process.wait())
        if address is None or not address.startswith("http://127.0.0.1:"):
            fail("no address printed: %r" % address)
        print("scraping " + address)

        with urllib.request.urlopen(address, timeout=10) as answer:
            if not answer.headers["Content-Type"].startswith("text/plain; version=0.0.4"):
                fail("0.0.4 content type: " + answer.headers["Content-Type"])
            plain = answer.read().decode()
        asked = urllib.request.Request(address, headers={"Accept": "application/openmetrics-text; version=1.0.0"})
        with urllib.request.urlopen(asked, timeout=10) as answer:
            if not answer.headers["Content-Type"].startswith("application/openmetrics-text"):
                fail("OpenMetrics content type: " + answer.headers["Content-Type"])
            openmetrics = answer.read().decode()
        with urllib.request.urlopen(address.replace("/metrics", "/healthz"), timeout=10) as answer:
            if answer.read().decode() != "ok\n":
                fail("/healthz")

        with open(snapshot) as f:
            if f.read() != plain:
                fail("the served text differs from the --metrics snapshot of the same instant")
        if not openmetrics.endswith("# EOF\n") or "# UNIT slakit_first_response_seconds seconds\n" not in openmetrics:
            fail("OpenMetrics text without # EOF or # UNIT")

        chat = 'channel="web_chat",priority="normal"'
        want = {
            'slakit_requests_total{%s,scope="in_hours",status="met"}' % chat: 120,
            'slakit_requests_total{%s,scope="in_hours",status="breached"}' % chat: 60,
            'slakit_first_response_seconds_bucket{%s,clock="wall",le="60"}' % chat: 120,
            'slakit_first_response_seconds_count{%s,clock="wall"}' % chat: 120,
            'slakit_first_response_seconds_sum{%s,clock="wall"}' % chat: 600,
            'slakit_compliance_ratio{%s}' % chat: 120 / 180,
            'slakit_overdue_requests{channel="web_chat",priority="any"}': 60,
            'slakit_pending_requests{channel="web_chat",priority="any"}': 0,
        }
        got = series(plain)
        for key, value in want.items():
            if key not in got or abs(got[key] - value) > 1e-9:
                fail("%s: expected %s, got %s" % (key, value, got.get(key)))
        om = series(openmetrics)
        if om.get('slakit_first_response_seconds_bucket{%s,clock="wall",le="60.0"}' % chat) != 120:
            fail("OpenMetrics bucket le=60.0")

        if shutil.which("promtool"):
            checked = subprocess.run(["promtool", "check", "metrics"], input=plain, text=True, capture_output=True)
            if checked.returncode != 0 or checked.stdout or checked.stderr:
                fail("promtool check metrics: " + checked.stdout + checked.stderr)
            print("promtool check metrics: accepted")
        else:
            print("promtool not installed (Debian package prometheus): format not linted")
        print("ok: %d series" % len(got))
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
