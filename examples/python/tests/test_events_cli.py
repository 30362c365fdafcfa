"""Timelines from Python against sla_report --events on the same random files."""

import datetime as dt
import pickle

import numpy as np
import pandas as pd
import pytest

import slakit
from conftest import HELPDESK, random_events, sla_report_events

UTC = dt.timezone.utc
KEY = ["request_id", "metric", "cycle"]


@pytest.fixture(scope="module")
def helpdesk():
    return slakit.Contract.load(str(HELPDESK))


@pytest.fixture(scope="module")
def events_file(tmp_path_factory):
    """3,000 random timelines (about 48,000 events), all valid."""
    path = tmp_path_factory.mktemp("events") / "events.csv"
    path.write_text(random_events(2026, 3000))
    return path


@pytest.fixture(scope="module")
def dirty_file(tmp_path_factory):
    """The same with 40 damaged requests: unreadable lines and unknown statuses."""
    path = tmp_path_factory.mktemp("events") / "dirty.csv"
    path.write_text(random_events(7, 2000, bad=40))
    return path


def read_sla_events_csv(path):
    """sla_report --sla-events' file in sla_events()' types."""
    got = pd.read_csv(path, dtype={"request_id": object, "priority": object, "warning": object, "limit_s": float,
                                   "running_s": float, "paused_s": float},
                      keep_default_na=False, na_values={c: [""] for c in ("due", "end", "breached_at")})
    for column in ("start", "applied_from", "due", "end", "breached_at"):
        got[column] = pd.to_datetime(got[column], utc=True)
    got["paused_now"] = got["paused_now"].astype(str).str.lower().map({"true": True, "false": False})
    got["warning"] = got["warning"].map(lambda w: float(w[:-1]) / 100 if w else np.nan)
    return got


def comparable(frame):
    out = frame.copy()
    for column in ("metric", "priority", "clock", "status"):
        out[column] = out[column].astype(str)
    out["request_id"] = out["request_id"].astype(str)
    return out.sort_values(KEY).reset_index(drop=True)


def test_sla_events_equal_sla_report_sla_events(helpdesk, events_file, tmp_path):
    out = tmp_path / "sla.csv"
    cli, _ = sla_report_events(events_file, sla_events=out)
    expected = read_sla_events_csv(out)
    got = slakit.sla_events(helpdesk, slakit.read_events(events_file), threads=2)
    assert got.attrs["as_of"].isoformat().replace("+00:00", "Z")[:19] == cli["as_of"][:19]
    assert len(got) == len(expected) > 15000, "the data must not be trivial"
    pd.testing.assert_frame_equal(comparable(got), comparable(expected), check_exact=True)
    # Every kind of SLA event occurs: paused, reopened, breached, pending, each metric.
    assert set(got.metric) == {"first_response", "next_reply", "periodic_update", "resolution", "handoff",
                               "human_response"}
    assert set(got.status) == {"met", "breached", "pending"}
    assert got.paused_now.any() and (got.paused_s > 0).any() and (got.applied_from > got.start).any()


def test_sla_events_at_an_earlier_as_of(helpdesk, events_file, tmp_path):
    out = tmp_path / "sla.csv"
    sla_report_events(events_file, "--as-of", "2026-10-26T12:00:00Z", sla_events=out)
    got = slakit.sla_events(helpdesk, slakit.read_events(events_file), dt.datetime(2026, 10, 26, 12, tzinfo=UTC))
    assert got.attrs["not_yet_submitted"] > 0
    pd.testing.assert_frame_equal(comparable(got), comparable(read_sla_events_csv(out)), check_exact=True)


def report_of(helpdesk, events, as_of=None, **options):
    frame = slakit.read_events(events)
    latest = as_of is None
    report = slakit.Report(helpdesk, as_of=as_of or slakit.latest_event_instant(helpdesk, frame),
                           as_of_is_latest=latest)
    report.add_events(frame, **options)
    return report


def same_report(got, expected):
    expected = dict(expected)
    expected["contract"] = got["contract"]  # the same file, named by another path
    assert got == expected


def test_report_from_events_equals_sla_report_events(helpdesk, dirty_file):
    expected, _ = sla_report_events(dirty_file)
    report = report_of(helpdesk, dirty_file, threads=2)
    same_report(report.to_dict(requests=str(dirty_file)), expected)
    # 20 unreadable lines; 20 unknown statuses, and one request whose unreadable line was its submission.
    assert report.rows_rejected == 20 and report.requests_rejected == 20 + 1
    reasons = [why for _, why in report.rejections]
    assert sum(why.startswith('unknown event "escalated"') for why in reasons) == 20
    assert sum("names a status the policy's lifecycle does not know" in why for why in reasons) == 20


def test_report_from_events_at_an_explicit_as_of(helpdesk, dirty_file):
    expected, _ = sla_report_events(dirty_file, "--as-of", "2026-10-27T00:00:00Z")
    report = report_of(helpdesk, dirty_file, dt.datetime(2026, 10, 27, tzinfo=UTC))
    same_report(report.to_dict(requests=str(dirty_file)), expected)
    assert any("submitted after as_of" in why for _, why in report.rejections)


def test_report_from_events_merges_and_pickles(helpdesk, dirty_file):
    frame = slakit.read_events(dirty_file)
    whole = report_of(helpdesk, dirty_file)
    ids = frame.request_id.unique()
    parts = []
    for chunk in np.array_split(ids, 5):  # each request's rows in one part
        part = slakit.Report(helpdesk, as_of=whole.as_of, as_of_is_latest=True)
        part.add_events(frame[frame.request_id.isin(chunk)])
        parts.append(pickle.loads(pickle.dumps(part)))
    merged = slakit.merge(parts[::-1])
    got, expected = merged.to_dict(), whole.to_dict()
    assert got == expected
    assert merged.requests_read == whole.requests_read == 2000


def test_a_report_holds_requests_or_events_not_both(helpdesk):
    rows = pd.DataFrame({"request_id": ["A"], "at": ["2026-10-20T09:00:00Z"], "event": ["submitted"],
                         "channel": ["email"], "priority": ["low"]})
    report = slakit.Report(helpdesk, as_of=dt.datetime(2026, 11, 1, tzinfo=UTC))
    assert report.add_events(rows) == 1
    with pytest.raises(ValueError, match="it cannot add requests too"):
        report.add_columns(channel=["email"], priority=["low"], submitted_at=["2026-10-20T09:00:00Z"])
    requests = slakit.Report(helpdesk, as_of=dt.datetime(2026, 11, 1, tzinfo=UTC))
    requests.add_columns(channel=["email"], priority=["low"], submitted_at=["2026-10-20T09:00:00Z"])
    with pytest.raises(ValueError, match="holds request rows; it cannot add events too"):
        requests.merge(report)
    assert requests.requests_read is None and report.requests_read == 1
