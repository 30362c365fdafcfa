#!/usr/bin/env python3
"""Writes the UTC offset changes that Python's zoneinfo finds in the OS time-zone
database, for the differential test of slakit's zones past their last transition.

    transitions.py OUTPUT FIRST_YEAR END_YEAR SEED COUNT ZONE...

Lists the given zones plus COUNT more drawn from zoneinfo.available_timezones() with
random.Random(SEED), each as a line "zone NAME OFFSET" (the offset in force at the
start of FIRST_YEAR, in seconds east of UTC) followed by one line "UNIX_SECONDS OFFSET"
per change of offset in [FIRST_YEAR, END_YEAR). zoneinfo reads each TZif file with
its footer rule (RFC 8536 section 3.3), independently of date and slakit.
"""
import calendar
import datetime
import random
import sys
import zoneinfo


def offset(zone, t):
    return int(datetime.datetime.fromtimestamp(t, zone).utcoffset().total_seconds())


def changes(zone, begin, end):
    """Every instant in (begin, end) whose offset differs from the second before.

    Steps a day at a time, then bisects to the second: changes closer than a day
    apart would be missed here and show up as a mismatch in the test, never hidden.
    """
    found = []
    step = 86400
    t, before = begin, offset(zone, begin)
    while t < end:
        u = min(t + step, end)
        after = offset(zone, u)
        if after != before:
            lo, hi = t, u  # offset(lo) == before, offset(hi) != before
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(zone, mid) == before:
                    lo = mid
                else:
                    hi = mid
            found.append((hi, offset(zone, hi)))
            before = offset(zone, hi)
            t = hi
            continue
        t = u
    return found


def main():
    output, first_year, end_year, seed, count = sys.argv[1:6]
    named = sys.argv[6:]
    begin = calendar.timegm((int(first_year), 1, 1, 0, 0, 0))
    end = calendar.timegm((int(end_year), 1, 1, 0, 0, 0))
    # Only Area/Location names: the legacy aliases at the top level (EST5EDT, ...) and
    # posix/ and right/ copies add nothing.
    pool = sorted(z for z in zoneinfo.available_timezones() if "/" in z and z not in named and
                  not z.startswith(("posix/", "right/", "Etc/")))
    zones = named + random.Random(int(seed)).sample(pool, int(count))
    with open(output, "w", encoding="ascii") as out:
        for name in zones:
            zone = zoneinfo.ZoneInfo(name)
            out.write(f"zone {name} {offset(zone, begin)}\n")
            for at, off in changes(zone, begin, end):
                out.write(f"{at} {off}\n")


if __name__ == "__main__":
    main()
