#!/usr/bin/python3
"""A real Prometheus server scrapes sla_monitor --listen (in OpenMetrics, which it asks
for first), and what its HTTP API returns equals the --metrics snapshot.

    prometheus_scrape.py SLA_MONITOR STEADY_CHAT.csv WORK_DIR

Exits 0 with a note when the prometheus binary is absent (Debian package prometheus;
tests/run.sh installs it). The replay is bounded: sla_monitor serves its last snapshot
for --linger, then stops; this script stops Prometheus.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def snapshot_series(path):
    out = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            key, value = line.rsplit(" ", 1)
            out[key] = float(value)
    return out


def query(base, promql):
    url = base + "/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    with urllib.request.urlopen(url, timeout=10) as answer:
        body = json.load(answer)
    if body.get("status") != "success":
        fail("query %s: %s" % (promql, body))
    return body["data"]["result"]


def main():
    monitor, csv, work = sys.argv[1:4]
    server = shutil.which("prometheus")
    if server is None:
        print("skipped: prometheus is not installed (Debian package prometheus; tests/run.sh installs it)")
        return
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    snapshot = os.path.join(work, "final.prom")
    exporter = subprocess.Popen(
        [monitor, "--requests", csv, "--incident", "2026-03-10T10:00:00+08:00,1h", "--severity", "page",
         "--metrics", snapshot, "--listen", "127.0.0.1:0", "--linger", "90s"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    prometheus = None
    try:
        address = None
        for line in exporter.stderr:
            if line.startswith("sla_monitor: serving "):
                address = line.split()[-1]
            if line.startswith("sla_monitor: replay done"):
                break
        if address is None:
            fail("sla_monitor printed no address (exit %s)" % exporter.poll())
        target = address[len("http://"):].split("/")[0]
        port = free_port()
        config = os.path.join(work, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                    "scrape_configs:\n  - job_name: slakit\n    static_configs:\n"
                    "      - targets: ['%s']\n" % target)
        log = open(os.path.join(work, "prometheus.log"), "w")
        prometheus = subprocess.Popen(
            [server, "--config.file=" + config, "--storage.tsdb.path=" + os.path.join(work, "data"),
             "--web.listen-address=127.0.0.1:%d" % port], stdout=log, stderr=subprocess.STDOUT)
        base = "http://127.0.0.1:%d" % port

        # Wait for a scrape of the final snapshot (the replay is done: every scrape is).
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/api/v1/targets", timeout=5) as answer:
                    targets = json.load(answer)["data"]["activeTargets"]
                if targets and targets[0]["health"] == "up":
                    break
                if targets and targets[0]["lastError"]:
                    fail("scrape error: " + targets[0]["lastError"])
            except OSError:
                pass
            if time.time() > deadline:
                fail("Prometheus did not scrape sla_monitor within a minute")
            time.sleep(0.5)
        time.sleep(1.5)  # let the scrape land in the head block

        want = snapshot_series(snapshot)
        checked = 0
        for promql, key in [
            ('slakit_compliance_ratio{channel="web_chat",priority="normal"}',
             'slakit_compliance_ratio{channel="web_chat",priority="normal"}'),
            ('slakit_burn_rate_ratio{channel="web_chat",objective="first_response",window="6h",clock="wall"}',
             'slakit_burn_rate_ratio{channel="web_chat",priority="any",objective="first_response",window="6h",'
             'clock="wall"}'),
            ('slakit_burn_rate_ratio{channel="web_chat",objective="first_response",window="6h",clock="business"}',
             'slakit_burn_rate_ratio{channel="web_chat",priority="any",objective="first_response",window="6h",'
             'clock="business"}'),
            ('slakit_requests_total{channel="web_chat",status="breached"}',
             'slakit_requests_total{channel="web_chat",priority="normal",scope="in_hours",status="breached"}'),
            # Scraped as OpenMetrics, the bound reads "60.0" (Prometheus 2 keeps the text).
            ('slakit_first_response_seconds_bucket{channel="web_chat",le="60.0"}',
             'slakit_first_response_seconds_bucket{channel="web_chat",priority="normal",clock="wall",le="60"}'),
        ]:
            result = query(base, promql)
            if len(result) != 1:
                fail("%s: %d series" % (promql, len(result)))
            got = float(result[0]["value"][1])
            if key not in want or abs(got - want[key]) > 1e-12 * max(1.0, abs(want[key])):
                fail("%s: Prometheus has %s, the snapshot %s" % (promql, got, want.get(key)))
            checked += 1
        # The latency SLI of the docs, as Prometheus computes it.
        sli = query(base, 'sum(slakit_first_response_seconds_bucket{le=~"60(\\\\.0)?"}) / '
                          'sum(slakit_first_response_seconds_count)')
        if abs(float(sli[0]["value"][1]) - 1.0) > 1e-12:
            fail("latency SLI: " + str(sli))
        print("ok: Prometheus scraped OpenMetrics from %s; %d series equal the snapshot" % (target, checked))
    finally:
        if prometheus is not None:
            prometheus.terminate()
            prometheus.wait(timeout=20)
        exporter.terminate()
        exporter.wait(timeout=10)


if __name__ == "__main__":
    main()
