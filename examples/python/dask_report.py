#!/usr/bin/env python3
"""The monthly report of a set of CSV partitions, computed on a Dask cluster.

    dask_report.py --contract examples/contracts/response_time_agreement.toml \
                   --workers 2 parts/requests-*.csv

Each file is one partition in sla_report's requests format (the output of
sla_simulate, split with split_csv.py). The report is the one sla_report prints
for the files concatenated:

1. each worker finds the latest instant of its partitions' accepted rows; their
   maximum is the evaluation instant (sla_report's default as_of), unless
   --as-of gives one;
2. each worker reads its partitions again and turns each into a partial report
   state (slakit.Report, pickled with slakit's own serialization);
3. the states are merged pairwise, as a tree, on the workers;
4. the client prints the merged report (table, json or csv).

With --events, the partitions are events CSV files (sla_report --events' format,
split by request id: all of a request's lines in one partition, e.g. with
split_csv.py --key request_id) and each becomes a report of request timelines;
the result equals sla_report --events on the files concatenated.

--by team,agent breaks the report down by those columns of the files, as
sla_report --by does; --max-groups N bounds their distinct values (an error past
it, on the worker that finds the one too many or at a merge).

Reading twice keeps the workers' memory to one partition at a time; only the
states (kilobytes) travel. --reader slakit reads each partition with
sla_report's C++ reader instead of pandas (faster, and with the CLI's checks of
field counts and duplicate ids within a partition).
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import os
import sys
import time


def partition_latest(path, contract, reader, events=False):
    import slakit

    if events:
        return slakit.latest_event_instant(contract, slakit.read_events(path))
    if reader == "slakit":
        return slakit.latest_instant_csv(contract, path)
    return slakit.latest_instant(contract, slakit.read_requests(path))


def partition_state(path, contract, period, as_of, as_of_is_latest, reader, events=False, by=None, max_groups=None):
    import slakit

    report = slakit.Report(contract, period, as_of=as_of, as_of_is_latest=as_of_is_latest, by=by,
                           max_groups=max_groups)
    if events:
        report.add_events(slakit.read_events(path))
    elif reader == "slakit":
        report.add_csv(path)
    else:
        report.add_frame(slakit.read_requests(path))
    return report


def merge_pair(a, b):
    return a.merge(b)


def latest_of(*instants):
    known = [t for t in instants if t is not None]
    return max(known) if known else None


def tree_reduce(delayed, items, combine, name):
    """Pairs neighbours level by level: log2(n) rounds of merges, run in parallel."""
    level = 0
    while len(items) > 1:
        items = [delayed(combine, pure=True, name=f"{name}-{level}-{i}")(items[i], items[i + 1]) if i + 1 < len(items)
                 else items[i] for i in range(0, len(items), 2)]
        level += 1
    return items[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", help="CSV partitions (a glob pattern is expanded)")
    parser.add_argument("--contract", required=True, help="contract TOML file")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--period", choices=("month", "week", "day"), default="month")
    parser.add_argument("--as-of", help="evaluation instant, e.g. 2026-04-01T00:00:00Z (default: the latest in the data)")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument("--reader", choices=("pandas", "slakit"), default="pandas",
                        help="read partitions with pandas into columns (default), or with sla_report's C++ reader")
    parser.add_argument("--events", action="store_true",
                        help="the partitions are events CSV files split by request id (sla_report --events)")
    parser.add_argument("--by", help="break the report down by these columns, e.g. team,agent (as sla_report --by)")
    parser.add_argument("--max-groups", type=int, help="at most N distinct values of the --by columns")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler instead of a local cluster")
    parser.add_argument("--timing", action="store_true", help="print the wall time of each step on standard error")
    args = parser.parse_args(argv)

    try:
        import dask
        import pandas  # noqa: F401  (read_requests needs it)
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        print(f"error: {e.name} is not installed for {sys.executable}; on Debian: apt-get install python3-dask "
              f"python3-distributed python3-pandas, and run Debian's /usr/bin/python3", file=sys.stderr)
        return 2
    try:
        import slakit
    except ImportError:
        print("error: the slakit module is not found: build it (cmake --build build/release --target slakit_python) "
              "and set PYTHONPATH to build/release/examples/python", file=sys.stderr)
        return 2

    files = []
    for pattern in args.files:
        matched = sorted(glob.glob(pattern))
        if not matched and not os.path.exists(pattern):
            parser.error(f"{pattern}: no such file")
        files.extend(matched or [pattern])
    by = [name.strip() for name in args.by.split(",")] if args.by else None
    if args.max_groups is not None and (not by or args.max_groups < 1):
        parser.error("--max-groups N needs --by and N >= 1")
    if args.events and args.reader != "pandas":
        parser.error("--events reads partitions with pandas: --reader slakit is for requests files")
    try:
        contract = slakit.Contract.load(args.contract)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    as_of = None
    if args.as_of:
        try:
            as_of = dt.datetime.fromisoformat(args.as_of.replace("Z", "+00:00"))
        except ValueError:
            parser.error(f"--as-of: not an ISO 8601 instant: {args.as_of}")
        if as_of.tzinfo is None:
            parser.error("--as-of: give a UTC offset or Z: a local time names no instant")

    started = time.perf_counter()
    if args.scheduler:
        client, cluster = Client(args.scheduler), None
    else:
        # One thread per worker process: the core holds the GIL while it adds rows.
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        ready = time.perf_counter()
        delayed = dask.delayed
        as_of_is_latest = as_of is None
        if as_of is None:
            latest = [delayed(partition_latest, pure=True)(f, contract, args.reader, args.events) for f in files]
            as_of = tree_reduce(delayed, latest, latest_of, "latest").compute()
            if as_of is None:
                print("error: no row of the files is accepted: no report", file=sys.stderr)
                return 2
        scanned = time.perf_counter()
        states = [delayed(partition_state, pure=True)(f, contract, args.period, as_of, as_of_is_latest, args.reader,
                                                      args.events, by, args.max_groups) for f in files]
        try:
            report = tree_reduce(delayed, states, merge_pair, "merge").compute()
        except slakit.DimensionLimitError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        done = time.perf_counter()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    label = ",".join(files) if len(files) <= 3 else f"{files[0]} and {len(files) - 1} more"
    if args.format == "json":
        sys.stdout.write(report.to_json(label))
    elif args.format == "csv":
        sys.stdout.write(report.to_csv())
    else:
        sys.stdout.write(report.to_table(label))
    if args.events and (report.rows_rejected or report.requests_rejected):
        print(f"dask_report: {report.rows_read} lines read, {report.rows_accepted} accepted, "
              f"{report.rows_rejected} rejected; {report.requests_read} requests, {report.requests_rejected} rejected",
              file=sys.stderr)
        for row, reason in report.rejections[:20]:
            print(f"  row {row} of its partition: {reason}", file=sys.stderr)
    elif report.rows_rejected:
        print(f"dask_report: {report.rows_read} rows read, {report.rows_accepted} accepted, "
              f"{report.rows_rejected} rejected", file=sys.stderr)
        for row, reason in report.rejections[:20]:
            where = f"row {row} of its partition" if isinstance(row, int) else row
            print(f"  {where}: {reason}", file=sys.stderr)
    if args.timing:
        print(f"dask_report: {len(files)} partitions, {args.workers if cluster else '?'} workers: cluster "
              f"{ready - started:.2f} s, as_of scan {scanned - ready:.2f} s, states and merge {done - scanned:.2f} s, "
              f"total {done - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
