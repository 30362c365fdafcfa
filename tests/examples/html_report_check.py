#!/usr/bin/env python3
"""sla_report --format html, checked in a real browser (Debian's chromium, headless).

    html_report_check.py SLA_REPORT CONTRACT REQUESTS.csv WORK_DIR [sla_report options...]
    html_report_check.py SLA_REPORT CONTRACT events:EVENTS.csv WORK_DIR [options...]   (--events)
    html_report_check.py SLA_REPORT CONTRACT "simulate:SLA_SIMULATE ARGS..." WORK_DIR [options...]
      (the requests written first by sla_simulate with those arguments)
    ... WORK_DIR --as-shown CONTRACT_NAME REQUESTS_NAME [options...]
      (the inputs copied under those names, relative to WORK_DIR, so that the report
      shows no path of the machine: the README's screenshot)

Writes the JSON and the HTML report of the same run, then checks:
  - the file is self-contained: no script, stylesheet link, image, frame, @import,
    url() or http(s):// address;
  - chromium loads it with every host name unresolvable and logs no console message
    nor failed load;
  - in the rendered DOM (--dump-dom), every figure marked with data-json holds the
    JSON report's value at that path, shown as the report formats it; the key figures
    (each group's compliance, each aggregate target's value and limit, the credit, the
    breach list's first row) are there; each period has its charts (inline SVG) and
    tables; text from the input (the file name) is escaped;
  - the page has no horizontal scrolling at A4's printable width (180 mm);
  - it prints to PDF on A4 pages, a reasonable number of them; and to PNG (for the
    README's screenshot).
Exit 77 (a skipped ctest) when chromium is not installed.
"""
import html
import html.parser
import json
import math
import os
import re
import shutil
import subprocess
import sys

SKIP = 77


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_browser(browser, work, args, timeout=120):
    profile = os.path.join(work, "chromium-profile")
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + profile,
        "--enable-logging=stderr", "--v=0",
    ] + args
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=work)
    if done.returncode != 0:
        fail("chromium failed (%d): %s\n%s" % (done.returncode, " ".join(command), done.stderr[-2000:]))
    return done


def page_problems(stderr):
    """Console messages and failed loads in chromium's log (not its own D-Bus noise)."""
    bad = []
    for line in stderr.splitlines():
        if "CONSOLE" in line or "net::ERR_" in line or "Failed to load" in line or "Refused to" in line:
            bad.append(line)
    return bad


class Dom(html.parser.HTMLParser):
    """Elements with data-json (path, value, text), and counts of tags and classes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.figures = []  # [path, value, text]
        self.stack = []  # open elements: index into figures or None
        self.tags = {}
        self.classes = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for c in (a.get("class") or "").split():
            self.classes[c] = self.classes.get(c, 0) + 1
        if tag in ("meta", "br", "circle", "line", "rect", "polyline"):
            return
        if "data-json" in a:
            self.figures.append([a["data-json"], a.get("data-value"), ""])
            self.stack.append(len(self.figures) - 1)
        else:
            self.stack.append(None)

    def handle_startendtag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1

    def handle_endtag(self, tag):
        if tag in ("meta", "br", "circle", "line", "rect", "polyline"):
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        for i in self.stack:
            if i is not None:
                self.figures[i][2] += data


def at_path(doc, path):
    v = doc
    for part in path.split("."):
        if isinstance(v, list):
            v = v[int(part)]
        else:
            if part not in v:
                fail("the DOM names %s, which the JSON report does not have" % path)
            v = v[part]
    return v


def seconds_text(s):
    a = abs(s)
    if a < 60:
        return "%.1f s" % s
    if a < 3600:
        return "%.1f min" % (s / 60)
    if a < 172800:
        return "%.2f h" % (s / 3600)
    return "%.2f d" % (s / 86400)


def percent_floor(share):
    """slakit::percent_floor: rounded down to 0.01 %."""
    units = math.floor(abs(share) * 10000 + 1e-9)
    return "%s%d.%02d %%" % ("-" if share < 0 else "", units // 100, units % 100)


def shown(path, value):
    """The text the report shows for a JSON value, by the kind its key says it is."""
    key = path.rsplit(".", 1)[-1]
    if value is None:
        return "–"
    if isinstance(value, bool) or isinstance(value, str):
        return str(value).lower() if isinstance(value, bool) else value
    if key.endswith("_s"):
        return seconds_text(value)
    if key in ("compliance", "credit", "value", "limit", "uptime", "working_uptime"):
        return percent_floor(value)
    return str(value)


MOST_BARS = 30  # html_report.cpp's most_bars


def listed_groups(period):
    """The indices of the period's groups the page lists: all of them, or with more
    dimension values than the chart holds, those of the MOST_BARS busiest values
    (most requests; ties in the JSON's order)."""
    values = period.get("by_dimension", [])
    if len(values) <= MOST_BARS:
        return list(range(len(period["groups"])))
    busiest = sorted(range(len(values)), key=lambda k: -values[k]["requests"])[:MOST_BARS]
    kept = [values[k]["dimensions"] for k in busiest]
    return [j for j, g in enumerate(period["groups"]) if g.get("dimensions") in kept]


def main():
    if len(sys.argv) < 5:
        fail(__doc__)
    program, contract, requests, work = sys.argv[1:5]
    input_option = "--requests"
    if requests.startswith("events:"):
        input_option, requests = "--events", requests[len("events:"):]
    options = sys.argv[5:]
    # --as-shown CONTRACT_NAME REQUESTS_NAME (first): the report names its inputs as a
    # user's run would (the README's screenshot shows no path of the machine it ran
    # on) instead of the hostile file name the other runs use to test escaping.
    names = None
    if options[:1] == ["--as-shown"]:
        names, options = options[1:3], options[3:]
    browser = chromium()
    if browser is None:
        print("SKIP: chromium is not installed (tests/run.sh installs it; apt-get install chromium)")
        return SKIP
    os.makedirs(work, exist_ok=True)
    if requests.startswith("simulate:"):
        simulate = requests[len("simulate:"):].split()
        requests = os.path.join(work, "simulated.csv")
        with open(requests, "w", encoding="utf-8") as out:
            subprocess.run(simulate, stdout=out, stderr=subprocess.DEVNULL, check=True)
    # A file name that must be escaped: it is shown in the report.
    hostile = os.path.join(work, "a<b>&\"c'.csv" if names is None else names[1])
    shutil.copyfile(requests, hostile)
    if names is not None:
        os.makedirs(os.path.join(work, os.path.dirname(names[0])), exist_ok=True)
        shutil.copyfile(contract, os.path.join(work, names[0]))
        contract = names[0]
    base = [program, "--contract", contract, input_option, os.path.basename(hostile)] + options
    done = subprocess.run(base + ["--format", "json"], capture_output=True, text=True, cwd=work)
    if done.returncode != 0:
        fail("sla_report --format json: %s" % done.stderr)
    report = json.loads(done.stdout)
    page = os.path.join(work, "report.html")
    done = subprocess.run(base + ["--format", "html", "--output", "report.html"], capture_output=True, text=True,
                          cwd=work)
    if done.returncode != 0 or done.stdout:
        fail("sla_report --format html --output: status %d, stdout %r, %s" % (done.returncode, done.stdout[:200],
                                                                             done.stderr))
    with open(page, encoding="utf-8") as f:
        source = f.read()

    # Self-contained.
    for pattern in (r"<script", r"<link", r"<img", r"<iframe", r"<object", r"<embed", r"@import", r"url\(",
                    r"https?://", r"\ssrc\s*=", r"\shref\s*="):
        if re.search(pattern, source, re.IGNORECASE):
            fail("the HTML report is not self-contained: it has %s" % pattern)
    if "a<b>" in source:
        fail("the file name is not escaped in the HTML")

    # Rendered.
    url = "file://" + page
    loaded = run_browser(browser, work, ["--dump-dom", url])
    problems = page_problems(loaded.stderr)
    if problems:
        fail("chromium logged problems loading the page:\n" + "\n".join(problems))
    dom = Dom()
    dom.feed(loaded.stdout)
    dom_text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", loaded.stdout)))
    if dom.tags.get("b"):
        fail("a <b> element came from the escaped file name")
    figures = {}
    for path, value, text in dom.figures:
        expected = at_path(report, path)
        if isinstance(expected, str):
            if value != expected:
                fail("%s: data-value %r, the JSON has %r" % (path, value, expected))
        elif expected is None:
            if value != "null":
                fail("%s: data-value %r, the JSON has null" % (path, value))
        elif isinstance(expected, bool):
            if value != json.dumps(expected):
                fail("%s: data-value %r, the JSON has %r" % (path, value, expected))
        elif not math.isclose(float(value), float(expected), rel_tol=0, abs_tol=0):
            fail("%s: data-value %r, the JSON has %r" % (path, value, expected))
        if text.strip() != shown(path, expected):
            fail("%s: shows %r, the JSON's %r formats as %r" % (path, text.strip(), expected, shown(path, expected)))
        figures[path] = text.strip()

    # The key figures are there.
    required = ["rows_read", "rows_accepted", "rejected_rows", "as_of", "contract", "requests"]
    for i, p in enumerate(report["periods"]):
        required += ["periods.%d.groups.%d.compliance" % (i, j) for j in listed_groups(p)]
        for j, t in enumerate(p["targets"]):
            required += ["periods.%d.targets.%d.%s" % (i, j, k) for k in ("value_s", "limit_s", "value", "limit")
                         if k in t]
        required += ["periods.%d.credit.credit" % i, "periods.%d.credit.compliance" % i]
        if p.get("breaches"):
            required += ["periods.%d.breaches.0.%s" % (i, k)
                         for k in ("request_id", "metric", "limit_s", "measured_s", "over_s", "breached_at")]
        if p["first_response_distribution"]["count"]:
            required += ["periods.%d.first_response_distribution.%s" % (i, k) for k in ("p50_s", "p90_s", "p99_s")]
    names = report.get("dimensions", [])
    for i, p in enumerate(report["periods"]):
        if names and "by_dimension" not in p:
            fail("period %d has no by_dimension list in a --by report" % i)
        for j, _ in enumerate(p.get("by_dimension", [])):
            required += ["periods.%d.by_dimension.%d.%s" % (i, j, k)
                         for k in ("compliance", "requests", "first_response.mean_s")]
            required += ["periods.%d.by_dimension.%d.dimensions.%s" % (i, j, n) for n in names]
        for j in listed_groups(p):
            required += ["periods.%d.groups.%d.dimensions.%s" % (i, j, n) for n in names]
        # With more values than the chart holds, only the charted values' groups are
        # listed (the page says how many are left out): none of the others is there.
        hidden = [j for j in range(len(p["groups"])) if j not in set(listed_groups(p))]
        shown_hidden = [j for j in hidden if "periods.%d.groups.%d.requests" % (i, j) in figures]
        if shown_hidden:
            fail("period %d lists groups %s of values outside the busiest %d" % (i, shown_hidden[:5], MOST_BARS))
        if hidden and ("the %d groups of the other %d values" % (len(hidden), len(p["by_dimension"]) - MOST_BARS)
                       not in dom_text):
            fail("period %d leaves %d groups out without saying so" % (i, len(hidden)))
        for j, _ in enumerate(p.get("breaches", [])):
            required += ["periods.%d.breaches.%d.dimensions.%s" % (i, j, n) for n in names]
    missing = [p for p in required if p not in figures]
    if missing:
        fail("figures of the JSON report missing from the page: " + ", ".join(missing))
    if not any(p.get("breaches") for p in report["periods"]):
        fail("the test's data should have breaches (run with --breaches N)")
    periods = len(report["periods"])
    charts = dom.tags.get("svg", 0)
    expected_charts = sum(1 + (1 if p["first_response_distribution"]["count"] else 0) for p in report["periods"])
    expected_charts += 1 if periods > 1 else 0
    if charts != expected_charts:
        fail("%d charts (svg) in the page, expected %d" % (charts, expected_charts))
    if names and dom.classes.get("groups", 0) != periods:
        fail("%d group tables with dimension columns for %d periods" % (dom.classes.get("groups", 0), periods))
    for name in ("compliance", "operations"):
        if dom.classes.get(name, 0) != periods:
            fail("%d tables of class %s for %d periods" % (dom.classes.get(name, 0), name, periods))
    with_breaches = sum(1 for p in report["periods"] if p.get("breaches"))
    if dom.classes.get("breaches", 0) != with_breaches:
        fail("%d breach tables for %d periods with breaches" % (dom.classes.get("breaches", 0), with_breaches))
    if input_option == "--events" and dom.classes.get("metrics", 0) != periods:
        fail("%d tables of timeline metrics for %d periods" % (dom.classes.get("metrics", 0), periods))
    if periods > 1 and not dom.classes.get("trend"):
        fail("no trend over %d periods" % periods)

    # With --by, each period's compliance chart has a bar per value (the 30 busiest).
    if names:
        title = html.escape("First-response compliance per " + " / ".join(names))
        charted = re.findall(r'<svg[^>]*aria-label="%s"(.*?)</svg>' % re.escape(title), source, re.S)
        if len(charted) != periods:
            fail("%d charts titled %r for %d periods" % (len(charted), title, periods))
        for p, svg in zip(report["periods"], charted):
            values = p["by_dimension"]
            bars = len(re.findall(r'<rect[^>]*fill="#eee"', svg))
            if bars != min(30, len(values)):
                fail("%s: %d bars for %d values" % (p["period"], bars, len(values)))
            busiest = sorted(values, key=lambda v: -v["requests"])[: min(30, len(values))]
            for v in busiest:
                label = " / ".join(x if x else "(empty)" for x in v["dimensions"].values())
                if ">%s</text>" % html.escape(label) not in svg:
                    fail("%s: no bar for %r among the busiest" % (p["period"], label))
            said = "the 30 busiest of %d values" % len(values)
            if (len(values) > 30) != (said in source):
                fail("%s: the page %s that the chart leaves values out" % (p["period"],
                     "does not say" if len(values) > 30 else "says"))

    # No horizontal scrolling at A4's printable width: 180 mm = 680 CSS pixels.
    probe = os.path.join(work, "width_probe.html")
    with open(probe, "w", encoding="utf-8") as f:
        f.write("""<!DOCTYPE html><html><body><iframe id="f" src="report.html" style="width:680px;height:900px;border:0">
</iframe><script>
document.getElementById('f').addEventListener('load', function () {
  var d = this.contentDocument.documentElement;
  document.body.setAttribute('data-width', d.scrollWidth + ' ' + d.clientWidth);
});
</script></body></html>""")
    measured = run_browser(browser, work, ["--allow-file-access-from-files", "--virtual-time-budget=5000",
                                           "--dump-dom", "file://" + probe])
    m = re.search(r'data-width="(\d+) (\d+)"', measured.stdout)
    if not m:
        fail("the width probe gave no measure:\n" + measured.stdout[-500:])
    scroll, client = int(m.group(1)), int(m.group(2))
    if scroll > client:
        fail("the page scrolls sideways at A4 width: %d px of content in %d px" % (scroll, client))

    # Printed on A4.
    pdf = os.path.join(work, "report.pdf")
    run_browser(browser, work, ["--no-pdf-header-footer", "--print-to-pdf=" + pdf, url])
    with open(pdf, "rb") as f:
        data = f.read()
    if not data.startswith(b"%PDF"):
        fail("--print-to-pdf wrote no PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    # A table row is about 5 mm: a page holds 45 of the groups and values listed with --by.
    rows = sum(len(listed_groups(p)) + len(p.get("by_dimension", [])) for p in report["periods"]) if names else 0
    if not 1 <= pages <= 3 + 3 * periods + rows // 45:
        fail("the PDF has %d pages for %d periods" % (pages, periods))
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    if not boxes or any(abs(float(w) - 595.3) > 2 or abs(float(h) - 841.9) > 2 for w, h in boxes):
        fail("the PDF's pages are not A4: %r" % boxes[:3])
    png = os.path.join(work, "report.png")
    run_browser(browser, work, ["--window-size=794,1400", "--hide-scrollbars", "--screenshot=" + png, url])
    if not os.path.exists(png) or os.path.getsize(png) < 10000:
        fail("no screenshot")
    print("html report: %d bytes, %d figures equal to the JSON report's, %d charts, %d A4 pages, width %d/%d px"
          % (len(source.encode()), len(figures), charts, pages, scroll, client))
    return 0


if __name__ == "__main__":
    sys.exit(main())
