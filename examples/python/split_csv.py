#!/usr/bin/env python3
"""Splits a CSV file into N partitions of whole lines, each with the header.

    split_csv.py requests.csv 8 parts/      # parts/requests-0.csv ... -7.csv

Lines are dealt in runs of about equal size, in order: concatenating the parts
(without their repeated headers) gives the input back.

    split_csv.py --key request_id events.csv 8 parts/

With --key, each line goes to the part its value in that column hashes to (CRC-32,
the same on every run): all of a request's events in one part, in their order.
That is how an events file (sla_report --events) is split for dask_report.py
--events. Fields are split at commas: the key column holds no quoted commas.
"""

import argparse
import os
import sys
import zlib


def split(path, parts, out_dir):
    size = os.path.getsize(path)
    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(path))[0]
    names = [os.path.join(out_dir, f"{stem}-{i}.csv") for i in range(parts)]
    with open(path, "rb") as source:
        header = source.readline()
        if not header:
            raise ValueError(f"{path}: the file is empty: no header line")
        body = size - len(header)
        for i, name in enumerate(names):
            until = len(header) + body * (i + 1) // parts
            with open(name, "wb") as out:
                out.write(header)
                while source.tell() < until:
                    line = source.readline()
                    if not line:
                        break
                    out.write(line)
    return names


def split_by_key(path, parts, out_dir, key):
    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(path))[0]
    names = [os.path.join(out_dir, f"{stem}-{i}.csv") for i in range(parts)]
    with open(path, "rb") as source:
        header = source.readline()
        if not header:
            raise ValueError(f"{path}: the file is empty: no header line")
        columns = [c.strip() for c in header.decode("utf-8").rstrip("\r\n").split(",")]
        if key not in columns:
            raise ValueError(f"{path}: the header has no column {key!r}")
        at = columns.index(key)
        outs = [open(name, "wb") for name in names]
        try:
            for out in outs:
                out.write(header)
            for line in source:
                fields = line.rstrip(b"\r\n").split(b",")
                value = fields[at].strip() if at < len(fields) else b""
                outs[zlib.crc32(value) % parts].write(line)
        finally:
            for out in outs:
                out.close()
    return names


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("parts", type=int)
    parser.add_argument("out_dir")
    parser.add_argument("--key", help="deal lines by this column's value (e.g. request_id) instead of in runs")
    args = parser.parse_args(argv)
    if args.parts < 1:
        parser.error("parts must be at least 1")
    try:
        names = (split_by_key(args.input, args.parts, args.out_dir, args.key) if args.key
                 else split(args.input, args.parts, args.out_dir))
        for name in names:
            print(name)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
