"""Fixtures for the Python tests: paths of the example programs and data.

ctest sets SLAKIT_SLA_REPORT, SLAKIT_SLA_SIMULATE (the built programs) and
SLAKIT_EXAMPLES (the source's examples/ folder), and PYTHONPATH to the built
package.
"""

import json
import os
import pathlib
import subprocess

import pytest

EXAMPLES = pathlib.Path(os.environ.get("SLAKIT_EXAMPLES", pathlib.Path(__file__).resolve().parents[2]))
CONTRACT = EXAMPLES / "contracts" / "response_time_agreement.toml"


def program(name):
    path = os.environ.get(f"SLAKIT_{name.upper()}")
    if not path:
        pytest.fail(f"SLAKIT_{name.upper()} is not set: run the tests through ctest")
    return path


@pytest.fixture(scope="session")
def contract_path():
    return CONTRACT


@pytest.fixture(scope="session")
def simulated(tmp_path_factory):
    """A month of requests from sla_simulate (seeded, so always the same rows)."""
    path = tmp_path_factory.mktemp("data") / "requests.csv"
    with open(path, "wb") as out:
        subprocess.run([program("sla_simulate"), "--seed", "2026", "--requests", "30000", "--month", "2026-03"],
                       stdout=out, stderr=subprocess.DEVNULL, check=True)
    return path


def sla_report(requests, *extra, contract=CONTRACT):
    """sla_report --format json on a file: (parsed JSON, standard error)."""
    done = subprocess.run([program("sla_report"), "--contract", str(contract), "--requests", str(requests),
                           "--format", "json", "--threads", "2", *extra], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


HELPDESK = EXAMPLES / "contracts" / "helpdesk.toml"
HELPDESK_STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")


def random_events(seed, requests, *, bad=0):
    """Random helpdesk timelines (helpdesk.toml's names) as events CSV text, each
    request's lines together but in shuffled order; around Berlin's DST change of
    25 October 2026. 0 to 30 events after the submission: messages, replies by bots
    and humans, every status (pauses, solves, reopens), priority changes, hand-offs,
    exclusions, some at the same instant. `bad` requests get an unreadable line or
    an unknown status."""
    import numpy as np

    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-10-19T00:00:00", "ms")
    lines = ["request_id,at,event,channel,priority,status,author,reason,note"]
    channels = ("web_chat", "email", "portal")
    priorities = ("low", "normal", "high", "urgent")
    kinds = ("customer_message", "reply", "status", "priority", "excluded")
    weights = (0.25, 0.35, 0.3, 0.07, 0.03)

    def stamp(t):
        text = str(t)
        return (text[:-4] if text.endswith(".000") else text) + "Z"

    for r in range(requests):
        rid = f"T{r:05d}"
        t = start + np.timedelta64(int(rng.integers(0, 14 * 86400 * 1000)), "ms")
        rows = [[rid, stamp(t), "submitted", channels[rng.integers(3)], priorities[rng.integers(4)], "", "", ""]]
        handoff = 0
        for _ in range(int(rng.integers(0, 31))):
            if rng.random() > 0.15:  # else the same instant as the previous event
                t = t + np.timedelta64(int(rng.exponential(3 * 3600 * 1000)), "ms")
            kind = kinds[rng.choice(len(kinds), p=weights)]
            if handoff < 3 and rng.random() < 0.05:
                kind = ("handoff_decided", "handoff_completed", "human_contact")[handoff]
                handoff += 1
            row = [rid, stamp(t), kind, "", "", "", "", ""]
            if kind == "reply":
                row[6] = ("bot", "human", "")[rng.integers(3)]
            elif kind == "status":
                row[5] = HELPDESK_STATUSES[rng.integers(len(HELPDESK_STATUSES))]
            elif kind == "priority":
                row[4] = priorities[rng.integers(4)]
            elif kind == "excluded":
                row[7] = "customer asked to wait"
            rows.append(row)
        if r < bad:
            victim = rows[int(rng.integers(len(rows)))]
            if r % 2:
                victim[2] = "escalated"  # an unreadable line: dropped, the request goes on
            else:
                rows.append([rid, victim[1], "status", "", "", "waiting", "", ""])  # an invalid timeline
        for i in rng.permutation(len(rows)):
            lines.append(",".join(rows[i]) + ",x")
    return "\n".join(lines) + "\n"


def sla_report_events(events, *extra, contract=HELPDESK, sla_events=None):
    """sla_report --events --format json on a file: (parsed JSON, standard error)."""
    more = ["--sla-events", str(sla_events)] if sla_events else []
    done = subprocess.run([program("sla_report"), "--contract", str(contract), "--events", str(events),
                           "--format", "json", "--threads", "2", *more, *extra], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr
