#!/usr/bin/env python3
"""sla_report --by against figures worked out here, independently of the program.

  check_dims.py SLA_REPORT CONTRACT ZONE FILE.csv --by team,agent [--events]
                [--simulate SLA_SIMULATE "ARGS"] [-- EXTRA ARGS]

With --simulate, FILE.csv is first written by SLA_SIMULATE ARGS (space-separated).

Checks, on the JSON report:
  * each group's and each dimension value's request count equals the rows (or, with
    --events, the requests' submitted lines, the first one of each request) counted
    here per period (month of the submission in ZONE), value, channel and priority;
    excluded rows likewise;
  * each period's by_dimension entry is the sum of its groups (every count, the
    first-response count, min, max and mean), its compliance met / (met + breached);
  * the period's compliance is the one of the summed counts;
  * --threads 1 and 3 give the same bytes (JSON and CSV);
  * --max-groups N with N below the number of values exits 2 with one line naming
    the columns and the limit; with --fold the N - 1 busiest values stay as they
    were, "other" is the sum of the rest, and the targets and credit do not change.
Exits 1 with the differences found.
"""
import csv
import json
import subprocess
import sys
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

COUNTS = ["requests", "in_scope", "out_of_hours", "excluded", "met", "breached", "pending", "no_threshold"]
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def run(program, args, expect_exit=0):
    p = subprocess.run([program] + args, capture_output=True, text=True)
    if p.returncode != expect_exit:
        sys.exit(f"{' '.join(args)}: exit {p.returncode}, expected {expect_exit}\n{p.stderr}")
    return p


def key_of(dims, names):
    return tuple(dims[n] for n in names)


def instant(text):
    return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))


def counted_rows(path, names, zone, events):
    """(period, value, channel, priority) -> [requests, excluded], from the file itself."""
    out = defaultdict(lambda: [0, 0])
    with open(path, newline="", encoding="utf-8") as f:
        rows = [{k.strip(): (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]
    if events:
        seen = set()
        for r in rows:
            if r["event"] != "submitted" or r["request_id"] in seen:
                continue
            seen.add(r["request_id"])
            month = instant(r["at"]).astimezone(zone).strftime("%Y-%m")
            out[(month, tuple(r[n] for n in names), r["channel"], r["priority"])][0] += 1
        return out
    for r in rows:
        month = instant(r["submitted_at"]).astimezone(zone).strftime("%Y-%m")
        cell = out[(month, tuple(r[n] for n in names), r["channel"], r["priority"])]
        cell[0] += 1
        cell[1] += 1 if r.get("excluded_reason") else 0
    return out


def sums_of(groups):
    total = {k: sum(g[k] for g in groups) for k in COUNTS}
    times = [g["first_response"] for g in groups if g["first_response"]["count"] > 0]
    total["count"] = sum(t["count"] for t in times)
    total["min_s"] = min((t["min_s"] for t in times), default=None)
    total["max_s"] = max((t["max_s"] for t in times), default=None)
    total["mean_s"] = sum(t["mean_s"] * t["count"] for t in times) / total["count"] if times else None
    return total


def close(a, b, within=1e-6):
    return a is None and b is None or a is not None and b is not None and abs(a - b) < within


def check_summary(where, entry, total):
    for k in COUNTS:
        check(entry[k] == total[k], f"{where}: {k} {entry[k]}, the groups sum to {total[k]}")
    fr = entry["first_response"]
    for k in ("count", "min_s", "max_s", "mean_s"):
        # Means are printed to the millisecond: the groups' rounded ones weigh up to 1 ms apart.
        within = 0.0011 if k == "mean_s" else 1e-6
        check(close(fr[k], total[k], within), f"{where}: first_response.{k} {fr[k]}, from the groups {total[k]}")
    decided = total["met"] + total["breached"]
    rate = total["met"] / decided if decided else None
    check(close(entry["compliance"], rate), f"{where}: compliance {entry['compliance']}, expected {rate}")


def check_value_targets(where, entry, groups, period_targets):
    """A value's own verdicts: the period's targets, each judged on the value's groups
    that the target applies to (a mean from their means and counts, a compliance from
    their met and breached)."""
    targets = entry["targets"]
    check([t["name"] for t in targets] == [t["name"] for t in period_targets],
          f"{where}: targets {[t['name'] for t in targets]}, the period has {[t['name'] for t in period_targets]}")
    for t in targets:
        mine = [g for g in groups if g["target"] == t["applies_to"]]
        if t["statistic"] == "mean" and t["clock"] == "wall":
            times = [g["first_response"] for g in mine if g["first_response"]["count"] > 0]
            count = sum(x["count"] for x in times)
            check(t["count"] == count, f"{where}: {t['name']} counts {t['count']}, its groups {count}")
            mean = sum(x["mean_s"] * x["count"] for x in times) / count if count else None
            check(close(t["value_s"], mean, 0.0011), f"{where}: {t['name']} {t['value_s']} s, its groups {mean} s")
            if mean is not None:
                check(t["met"] == (t["value_s"] <= t["limit_s"]), f"{where}: {t['name']} met is {t['met']}")
        elif t["statistic"] == "compliance":
            met = sum(g["met"] for g in mine)
            decided = met + sum(g["breached"] for g in mine)
            check(close(t["value"], met / decided if decided else None), f"{where}: {t['name']} {t['value']}")


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[: argv.index("--")]
    events = "--events" in argv
    if events:
        argv.remove("--events")
    if "--simulate" in argv:
        at = argv.index("--simulate")
        simulate, simulate_args = argv[at + 1], argv[at + 2].split()
        del argv[at:at + 3]
        with open(argv[3], "w", encoding="utf-8") as out:
            subprocess.run([simulate] + simulate_args, stdout=out, stderr=subprocess.DEVNULL, check=True)
    program, contract, zone, path, by_flag, by = argv
    assert by_flag == "--by"
    names = by.split(",")
    zone = ZoneInfo(zone)
    source = ["--events" if events else "--requests", path]
    base = ["--contract", contract] + source + ["--by", by] + extra

    doc = json.loads(run(program, base + ["--format", "json", "--threads", "1"]).stdout)
    check(doc["dimensions"] == names, f"dimensions {doc['dimensions']}, expected {names}")
    expected = counted_rows(path, names, zone, events)
    found = defaultdict(lambda: [0, 0])
    values = defaultdict(int)  # value -> requests over every period
    for p in doc["periods"]:
        groups_by_value = defaultdict(list)
        for g in p["groups"]:
            value = key_of(g["dimensions"], names)
            groups_by_value[value].append(g)
            cell = found[(p["period"], value, g["channel"], g["priority"])]
            cell[0] += g["requests"]
            cell[1] += g["excluded"]
            values[value] += g["requests"]
        listed = [key_of(d["dimensions"], names) for d in p["by_dimension"]]
        check(listed == sorted(groups_by_value), f"{p['period']}: by_dimension lists {listed}")
        for d in p["by_dimension"]:
            value = key_of(d["dimensions"], names)
            check_summary(f"{p['period']} {value}", d, sums_of(groups_by_value[value]))
            check_value_targets(f"{p['period']} {value}", d, groups_by_value[value], p["targets"])
        all_met = sum(d["met"] for d in p["by_dimension"])
        decided = all_met + sum(d["breached"] for d in p["by_dimension"])
        check(close(p["credit"]["compliance"], all_met / decided if decided else None),
              f"{p['period']}: compliance {p['credit']['compliance']} is not the values' summed one")
    for k in sorted(set(expected) | set(found)):
        want, got = expected.get(k, [0, 0]), found.get(k, [0, 0])
        if events:
            want, got = want[:1], got[:1]
        check(want == got, f"{k}: requests, excluded {got} in the report, {want} in the file")

    # The thread count changes nothing.
    for fmt in ("json", "csv"):
        one = run(program, base + ["--format", fmt, "--threads", "1"]).stdout
        three = run(program, base + ["--format", fmt, "--threads", "3"]).stdout
        check(one == three, f"--format {fmt}: --threads 1 and 3 differ")

    # --max-groups: an error, or --fold.
    if len(values) >= 3:
        n = len(values) - 1
        err = run(program, base + ["--format", "json", "--max-groups", str(n)], expect_exit=2).stderr
        want = f"error: more than {n} distinct values of {by} (--max-groups {n}; --fold"
        check(err.startswith(want) and err.count("\n") == 1, f"--max-groups {n}: {err!r}")
        n = 3
        folded = json.loads(run(program, base + ["--format", "json", "--max-groups", str(n), "--fold"]).stdout)
        busiest = sorted(values, key=lambda v: (-values[v], v))  # ties: the lesser value first
        kept, rest = set(busiest[: n - 1]), set(busiest[n - 1:])
        other = tuple("other" for _ in names)
        for p, q in zip(doc["periods"], folded["periods"]):
            check(p["targets"] == q["targets"] and p["credit"] == q["credit"],
                  f"{p['period']}: --fold changed the targets or the credit")
            before = {key_of(d["dimensions"], names): d for d in p["by_dimension"]}
            after = {key_of(d["dimensions"], names): d for d in q["by_dimension"]}
            check(set(after) <= kept | {other}, f"{p['period']}: --fold left {sorted(after)}")
            for v in kept & set(before):
                check(after.get(v) == before[v], f"{p['period']} {v}: changed by --fold")
            folded_groups = [g for g in p["groups"] if key_of(g["dimensions"], names) in rest]
            if folded_groups:
                check_summary(f"{p['period']} other", after[other], sums_of(folded_groups))
            check(sum(g["requests"] for g in p["groups"]) == sum(g["requests"] for g in q["groups"]),
                  f"{p['period']}: --fold changed the request count")

    if failures:
        print("\n".join(failures))
        return 1
    print(f"checked {len(values)} values of {by} over {len(doc['periods'])} periods")
    return 0


if __name__ == "__main__":
    sys.exit(main())
