#!/usr/bin/env python3
"""Writes a helpdesk's events CSV (sla_report --events) for examples/contracts/helpdesk.toml.

    python3 bench/events_csv.py --events 10000000 > events.csv
    sla_report --contract examples/contracts/helpdesk.toml --events events.csv --threads 2 --stats

Requests arrive from 2026-03-02 on at a steady rate, each with a timeline of about ten
events: a bot's or an agent's first reply, customer messages and replies, waits on the
customer, holds, priority changes, a solve, sometimes a reopen and a close; a few stay
unresolved. Lines come in time order, except that one in fifty is written a few
minutes late (within the reader's settle window), and requests interleave. The same
arguments give the same file.
"""

import argparse
import heapq
import random
import sys
from datetime import datetime, timedelta, timezone

START = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)
CHANNELS = ["web_chat", "email", "portal"]
PRIORITIES = ["low", "normal", "high", "urgent"]


def stamp(seconds):
    return (START + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def timeline(rng, rid, t):
    """The events of one request as (seconds, line) pairs, from submission time t."""
    chat = rng.random() < 0.4
    channel = "web_chat" if chat else rng.choice(CHANNELS[1:])
    priority = rng.choices(PRIORITIES, weights=[20, 60, 15, 5])[0]
    scale = 60 if chat else 3600  # chats move in minutes, written requests in hours
    out = [(t, f"{rid},{stamp(t)},submitted,{channel},{priority},,,")]
    t += rng.randint(5, 2 * scale)
    out.append((t, f"{rid},{stamp(t)},reply,,,,{'bot' if rng.random() < 0.5 else 'human'},"))
    t += rng.randint(1, scale)
    out.append((t, f"{rid},{stamp(t)},status,,,open,,"))
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.4:
            t += rng.randint(1, scale)
            out.append((t, f"{rid},{stamp(t)},status,,,{'pending' if rng.random() < 0.7 else 'on_hold'},,"))
            t += rng.randint(1, 6 * scale)
            out.append((t, f"{rid},{stamp(t)},customer_message,,,,,"))
            out.append((t, f"{rid},{stamp(t)},status,,,open,,"))
        else:
            t += rng.randint(1, 4 * scale)
            out.append((t, f"{rid},{stamp(t)},customer_message,,,,,"))
        t += rng.randint(1, 3 * scale)
        out.append((t, f"{rid},{stamp(t)},reply,,,,human,"))
        if rng.random() < 0.05:
            t += rng.randint(1, scale)
            out.append((t, f"{rid},{stamp(t)},priority,,{rng.choice(PRIORITIES)},,,"))
    if rng.random() < 0.03:
        return out  # never resolved
    t += rng.randint(1, 2 * scale)
    out.append((t, f"{rid},{stamp(t)},status,,,solved,,"))
    if rng.random() < 0.08:  # reopened by the customer, answered, solved again
        t += rng.randint(1, 8 * scale)
        out.append((t, f"{rid},{stamp(t)},customer_message,,,,,"))
        out.append((t, f"{rid},{stamp(t)},status,,,open,,"))
        t += rng.randint(1, 2 * scale)
        out.append((t, f"{rid},{stamp(t)},reply,,,,human,"))
        t += rng.randint(1, scale)
        out.append((t, f"{rid},{stamp(t)},status,,,solved,,"))
    if rng.random() < 0.5:
        t += rng.randint(3600, 4 * 3600)
        out.append((t, f"{rid},{stamp(t)},status,,,closed,,"))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="about this many lines (default 1e6)")
    parser.add_argument("--per-day", type=int, default=12_000, help="requests a day (default 12000)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    out.write("request_id,at,event,channel,priority,status,author,reason\n")
    gap = 86400.0 / args.per_day
    waiting = []  # (seconds, sequence, line)
    written = 0
    sequence = 0
    n = 0
    now = 0.0
    buffer = []
    while written < args.events:
        n += 1
        now += rng.expovariate(1.0 / gap)
        t = int(now)
        while waiting and waiting[0][0] <= t and written < args.events:
            buffer.append(heapq.heappop(waiting)[2])
            written += 1
            if len(buffer) >= 4096:
                out.write("\n".join(buffer) + "\n")
                buffer.clear()
        for at, line in timeline(rng, f"T{n}", t):
            if rng.random() < 0.02:
                at += rng.randint(1, 600)  # written a little late
            sequence += 1
            heapq.heappush(waiting, (at, sequence, line))
    if buffer:
        out.write("\n".join(buffer) + "\n")


if __name__ == "__main__":
    main()
