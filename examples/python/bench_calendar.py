#!/usr/bin/env python3
"""Calendar queries per second from Python: columns against scalar calls, same process.

    bench_calendar.py --build build/release --rows 10000000

The workload of bench/calendar.cpp: Mon-Fri 09:00-18:00 in America/New_York with
10 holidays, starts uniform over 2024, spans log-uniform from 1 minute to 60 days,
drawn from a fixed seed. Times, on the same rows:
  elapsed (numpy)        Calendar.elapsed over datetime64[ns] arrays
  elapsed (pandas)       the same over tz-aware Series (conversions included)
  deadline (numpy)       Calendar.deadline over datetime64 and timedelta64 arrays
  is_open / next_open    over the starts
  elapsed (scalar loop)  Calendar.elapsed called once a row on --scalar-rows rows: the baseline
Each figure is the best of --repeat runs, with process CPU time beside wall time
(the machine may be shared), and the ratio to the scalar loop.
"""

import argparse
import os
import pathlib
import sys
import time


def best_of(repeat, work):
    best = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if best is None or cpu < best[1]:
            best = (wall, cpu)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", required=True, help="the CMake build folder (holds examples/python/slakit)")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--scalar-rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(pathlib.Path(args.build) / "examples" / "python"))
    import numpy as np
    import pandas as pd
    import slakit

    holidays = ["2024-01-01", "2024-01-15", "2024-02-19", "2024-05-27", "2024-06-19", "2024-07-04",
                "2024-09-02", "2024-11-28", "2024-11-29", "2024-12-25"]
    cal = slakit.Calendar("America/New_York", "Mon-Fri 09:00-18:00", closed=holidays)
    rng = np.random.default_rng(2024)
    start = np.datetime64("2024-01-01T00:00:00", "ns")
    a = start + rng.integers(0, 366 * 86_400, args.rows).astype("m8[s]")
    span = np.exp(rng.uniform(np.log(60), np.log(60 * 86_400), args.rows)).round().astype("i8").astype("m8[s]")
    b = a + span
    sa = pd.Series(a).dt.tz_localize("UTC").dt.tz_convert("America/New_York")
    sb = pd.Series(b).dt.tz_localize("UTC").dt.tz_convert("America/New_York")
    d = cal.elapsed(a, b)
    d = np.maximum(d, np.timedelta64(1, "s"))

    n_scalar = min(args.scalar_rows, args.rows)
    pa = [x.to_pydatetime() for x in pd.Series(a[:n_scalar]).dt.tz_localize("UTC")]
    pb = [x.to_pydatetime() for x in pd.Series(b[:n_scalar]).dt.tz_localize("UTC")]

    def scalar_loop():
        elapsed = cal.elapsed
        for x, y in zip(pa, pb):
            elapsed(x, y)

    rows = [
        ("elapsed (scalar loop)", n_scalar, scalar_loop),
        ("elapsed (numpy)", args.rows, lambda: cal.elapsed(a, b)),
        ("elapsed (pandas)", args.rows, lambda: cal.elapsed(sa, sb)),
        ("deadline (numpy)", args.rows, lambda: cal.deadline(a, d)),
        ("is_open (numpy)", args.rows, lambda: cal.is_open(a)),
        ("next_open (numpy)", args.rows, lambda: cal.next_open(a)),
    ]
    print(f"rows {args.rows:,} (scalar loop {n_scalar:,}); load average {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}; {os.cpu_count()} CPUs")
    print(f"{'query':24} {'wall M/s':>9} {'CPU M/s':>9} {'ns/row CPU':>11} {'vs scalar (CPU)':>16}")
    base = None
    for name, n, work in rows:
        wall, cpu = best_of(args.repeat, work)
        rate = n / cpu / 1e6
        if base is None:
            base = rate
        print(f"{name:24} {n / wall / 1e6:9.2f} {rate:9.2f} {cpu / n * 1e9:11.1f} {rate / base:15.0f}x")


if __name__ == "__main__":
    main()
