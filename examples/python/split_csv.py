#!/usr/bin/env python3
"""Splits a CSV file into N partitions of whole lines, each with the header.

    split_csv.py requests.csv 8 parts/      # parts/requests-0.csv ... -7.csv

Lines are dealt in runs of about equal size, in order: concatenating the parts
(without their repeated headers) gives the input back.
"""

import argparse
import os
import sys


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("parts", type=int)
    parser.add_argument("out_dir")
    args = parser.parse_args(argv)
    if args.parts < 1:
        parser.error("parts must be at least 1")
    try:
        for name in split(args.input, args.parts, args.out_dir):
            print(name)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
