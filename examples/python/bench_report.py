#!/usr/bin/env python3
"""Rows per second of the Python report path against the C++ sla_report, and the
Dask report's wall time with 1 and 2 workers.

    bench_report.py --build build/release --rows 2000000
    bench_report.py --build build/release --rows 2000000 --dask-rows 10000000 --parts 16

Generates the data with sla_simulate into a temporary folder (or --data DIR to
keep it), then times, on the same file:
  sla_report               the C++ program, --threads 1 and its default
  read_requests            pandas.read_csv of the file as text columns
  add_frame (text)         the report from those columns (instants parsed in C++)
  add_columns (int64)      the report from int64-nanosecond columns
  add_frame by team,agent  the report broken down by sla_simulate's team and
                           agent columns (Report(by=...)), and with max_groups
Each figure is the best of --repeat runs; the ratios are against sla_report
with one thread, run in the same process.
"""

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time


def best_of(repeat, work):
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", required=True, help="the CMake build folder (holds examples/sla_report)")
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--dask-rows", type=int, default=0, help="rows for the Dask timing (0: skip it)")
    parser.add_argument("--parts", type=int, default=16, help="CSV partitions for the Dask timing")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", help="folder for the generated files (default: a temporary one)")
    args = parser.parse_args(argv)

    build = pathlib.Path(args.build)
    here = pathlib.Path(__file__).resolve().parent
    sys.path.insert(0, str(build / "examples" / "python"))
    import numpy as np
    import pandas as pd

    import slakit

    sla_report = build / "examples" / "sla_report"
    sla_simulate = build / "examples" / "sla_simulate"
    contract_path = here.parent / "contracts" / "response_time_agreement.toml"
    contract = slakit.Contract.load(str(contract_path))
    data = pathlib.Path(args.data or tempfile.mkdtemp(prefix="slakit-bench-"))
    data.mkdir(parents=True, exist_ok=True)

    def generate(rows):
        path = data / f"requests-{rows}.csv"
        if not path.exists():
            with open(path, "wb") as out:
                subprocess.run([str(sla_simulate), "--seed", "1", "--requests", str(rows)], stdout=out,
                               stderr=subprocess.DEVNULL, check=True)
        return path

    path = generate(args.rows)
    rows = args.rows
    print(f"{rows} rows, {os.path.getsize(path) / 1e6:.0f} MB: {path}")

    def run_cli(threads):
        subprocess.run([str(sla_report), "--contract", str(contract_path), "--requests", str(path), "--format", "json",
                        "--threads", str(threads)], stdout=subprocess.DEVNULL, check=True)

    cli_1, _ = best_of(args.repeat, lambda: run_cli(1))
    cli_n, _ = best_of(args.repeat, lambda: run_cli(os.cpu_count() or 1))
    read, frame = best_of(args.repeat, lambda: slakit.read_requests(path))
    as_of = slakit.latest_instant(contract, frame)

    def report_from(columns, **options):
        report = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, **options)
        report.add_frame(columns)
        return report

    text, from_text = best_of(args.repeat, lambda: report_from(frame))
    numbers = frame.copy()
    for column in slakit.TIME_COLUMNS:
        numbers[column] = pd.to_datetime(frame[column].replace("", None), utc=True).array.asi8
    ints, from_ints = best_of(args.repeat, lambda: report_from(numbers))
    assert from_text.to_dict() == from_ints.to_dict()
    assert from_text.rows_accepted == rows
    by = ["team", "agent"]
    dims, by_agent = best_of(args.repeat, lambda: report_from(frame, by=by))
    limit = len(by_agent.dimension_values())
    limited, _ = best_of(args.repeat, lambda: report_from(frame, by=by, max_groups=limit))
    assert by_agent.by_dimension().requests.sum() == rows

    def line(name, seconds):
        print(f"  {name:<34} {seconds:8.3f} s  {rows / seconds / 1e6:6.2f} M rows/s  {cli_1 / seconds:5.2f}x sla_report")

    print(f"best of {args.repeat}:")
    line("sla_report --threads 1", cli_1)
    line(f"sla_report --threads {os.cpu_count()}", cli_n)
    line("read_requests (pandas.read_csv)", read)
    line("add_frame, text columns", text)
    line("add_columns, int64 columns", ints)
    line(f"add_frame by team,agent ({limit})", dims)
    line(f"  with max_groups={limit}", limited)
    line("read_requests + add_frame", read + text)

    if args.dask_rows:
        import shutil

        big = generate(args.dask_rows)
        parts = data / f"parts-{args.dask_rows}-{args.parts}"
        if not parts.exists():
            subprocess.run([sys.executable, str(here / "split_csv.py"), str(big), str(args.parts), str(parts)],
                           stdout=subprocess.DEVNULL, check=True)
        env = dict(os.environ, PYTHONPATH=str(build / "examples" / "python"))
        started = time.perf_counter()
        subprocess.run([str(sla_report), "--contract", str(contract_path), "--requests", str(big), "--format", "json"],
                       stdout=subprocess.DEVNULL, check=True)
        cli_big = time.perf_counter() - started
        print(f"Dask, {args.dask_rows} rows in {args.parts} partitions ({os.path.getsize(big) / 1e6:.0f} MB):")
        print(f"  sla_report (default threads)      {cli_big:8.2f} s")
        for workers in (1, 2):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, str(here / "dask_report.py"), "--contract", str(contract_path),
                                   "--workers", str(workers), "--format", "json", "--timing", str(parts / "*.csv")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, check=True)
            wall = time.perf_counter() - started
            steps = [l for l in done.stderr.splitlines() if l.startswith("dask_report:")]
            print(f"  dask_report --workers {workers}           {wall:8.2f} s  ({steps[-1] if steps else ''})")
        if not args.data:
            shutil.rmtree(data)
    elif not args.data:
        import shutil

        shutil.rmtree(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
