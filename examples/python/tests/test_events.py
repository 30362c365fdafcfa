"""slakit.sla_events and Report.add_events: request timelines from an events DataFrame."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import slakit
from conftest import EXAMPLES

UTC = dt.timezone.utc
HELPDESK = EXAMPLES / "contracts" / "helpdesk.toml"


@pytest.fixture(scope="module")
def helpdesk():
    return slakit.Contract.load(str(HELPDESK))


def at(text):
    return pd.Timestamp(text, tz="UTC")


def frame(rows):
    """An events DataFrame from (request_id, at, event, field=value...) tuples."""
    records = []
    for request_id, when, event, *fields in rows:
        record = dict(request_id=request_id, at=at(when), event=event)
        record.update(dict(f.split("=", 1) for f in fields))
        records.append(record)
    events = pd.DataFrame.from_records(records)
    for column in slakit.EVENT_COLUMNS:
        if column not in events:
            events[column] = None
    return events[list(slakit.EVENT_COLUMNS)]


# Monday 4 May 2026, 10:00 in Berlin (08:00 UTC): the helpdesk's calendar is open
# Mon-Fri 09:00-18:00 there, and e-mail's targets run on it.
E_MAIL = [
    ("R1", "2026-05-04T08:00Z", "submitted", "channel=email", "priority=normal"),
    ("R1", "2026-05-04T08:30Z", "reply", "author=bot"),
    ("R1", "2026-05-04T09:00Z", "status", "status=pending"),
    ("R1", "2026-05-04T10:00Z", "customer_message"),  # while paused: the cycle opens, paused
    ("R1", "2026-05-04T11:00Z", "status", "status=open"),
    ("R1", "2026-05-04T12:00Z", "reply", "author=human"),
    ("R1", "2026-05-04T13:00Z", "status", "status=solved"),
]


def test_a_paused_e_mail_request_hand_checked(helpdesk):
    got = slakit.sla_events(helpdesk, frame(E_MAIL), as_of=dt.datetime(2026, 5, 5, 8, tzinfo=UTC))
    assert list(got.columns) == list(slakit.SLA_EVENT_COLUMNS)
    rows = {(m, c): r for m, c, r in zip(got.metric, got.cycle, got.itertuples())}
    assert list(rows) == [("first_response", 0), ("next_reply", 0), ("periodic_update", 0), ("periodic_update", 1),
                          ("resolution", 0)]
    hour = 3600.0

    first = rows["first_response", 0]
    assert (first.running_s, first.paused_s, first.status, first.limit_s, first.clock) == (
        1800.0, 0.0, "met", 4 * hour, "business")
    assert first.end == at("2026-05-04T08:30Z") and first.due == at("2026-05-04T12:00Z")
    assert pd.isna(first.breached_at)

    # Opened at 10:00 while pending, running from 11:00 (open) to the human reply at 12:00.
    reply = rows["next_reply", 0]
    assert (reply.start, reply.end) == (at("2026-05-04T10:00Z"), at("2026-05-04T12:00Z"))
    assert (reply.running_s, reply.paused_s, reply.status) == (hour, hour, "met")

    # From the bot's reply to the human's, on the wall clock, without the 2 h pending.
    update = rows["periodic_update", 0]
    assert (update.running_s, update.paused_s, update.clock) == (1.5 * hour, 2 * hour, "wall")
    assert rows["periodic_update", 1].running_s == hour  # 12:00 -> solved at 13:00

    resolution = rows["resolution", 0]
    assert resolution.end == at("2026-05-04T13:00Z")
    assert (resolution.running_s, resolution.paused_s, resolution.status) == (3 * hour, 2 * hour, "met")
    assert not got.paused_now.any()
    assert (got.request_id == "R1").all()
    assert got.priority.astype(str).eq("normal").all()


def test_pending_paused_and_breached_at_as_of(helpdesk):
    rows = E_MAIL[:3]  # submitted, bot reply, then pending (waiting on the customer)
    got = slakit.sla_events(helpdesk, frame(rows), as_of=dt.datetime(2026, 5, 11, 8, tzinfo=UTC))
    resolution = got[got.metric == "resolution"].iloc[0]
    # One business hour ran (10:00-11:00 Berlin) before the pause; paused at as_of: no due.
    assert (resolution.status, resolution.paused_now, resolution.running_s) == ("pending", True, 3600.0)
    assert pd.isna(resolution.due) and pd.isna(resolution.end)
    assert resolution.warning != resolution.warning  # NaN: 1 h of 27 h reaches no level
    # The periodic update (24 h on the wall clock from the bot's reply) pauses too.
    update = got[got.metric == "periodic_update"].iloc[0]
    assert (update.status, update.paused_now, update.running_s) == ("pending", True, 1800.0)

    # The same request left open: the update cycle breaches 24 h after the reply.
    running = slakit.sla_events(helpdesk, frame(rows[:2]), as_of=dt.datetime(2026, 5, 6, 8, tzinfo=UTC))
    update = running[running.metric == "periodic_update"].iloc[0]
    assert update.status == "breached" and not update.paused_now
    assert update.breached_at == update.due == at("2026-05-05T08:30Z")
    assert update.warning == 1.0  # the highest level reached: 100%


def test_requests_are_grouped_in_cpp_whatever_the_row_order(helpdesk):
    """Interleaved requests, rows shuffled between requests: the same events."""
    two = E_MAIL + [(("R2",) + row[1:]) for row in E_MAIL[:4]]
    ordered = slakit.sla_events(helpdesk, frame(two), as_of=dt.datetime(2026, 5, 5, 8, tzinfo=UTC))
    events = frame(two)
    by_request = events.groupby("request_id", sort=False).cumcount()
    shuffled = events.sample(frac=1.0, random_state=7)
    # Keep each request's rows in their order (same-instant events take effect in the
    # order given); interleave the requests.
    shuffled = shuffled.assign(k=by_request).sort_values(["k"], kind="stable").drop(columns="k")
    got = slakit.sla_events(helpdesk, shuffled, as_of=dt.datetime(2026, 5, 5, 8, tzinfo=UTC))
    key = ["request_id", "metric", "cycle"]
    pd.testing.assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                                  ordered.sort_values(key).reset_index(drop=True))
    assert set(got.request_id) == {"R1", "R2"}


def test_instants_as_text_and_int64_give_the_datetime_answer(helpdesk):
    events = frame(E_MAIL)
    as_of = dt.datetime(2026, 5, 5, 8, tzinfo=UTC)
    expected = slakit.sla_events(helpdesk, events, as_of=as_of)
    as_text = events.assign(at=events["at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
    pd.testing.assert_frame_equal(slakit.sla_events(helpdesk, as_text, as_of=as_of), expected)
    as_int = events.assign(at=events["at"].array.asi8, request_id=1)
    got = slakit.sla_events(helpdesk, as_int, as_of=as_of)
    assert (got.request_id == 1).all() and got.request_id.dtype == np.int64
    pd.testing.assert_frame_equal(got.drop(columns="request_id"), expected.drop(columns="request_id"))


def test_as_of_defaults_to_the_latest_instant_and_later_events_are_ignored(helpdesk):
    events = frame(E_MAIL)
    got = slakit.sla_events(helpdesk, events)
    assert got.attrs["as_of"] == dt.datetime(2026, 5, 4, 13, tzinfo=UTC)
    assert slakit.latest_event_instant(helpdesk, events) == got.attrs["as_of"]
    # At 11:30 the reply and the solve have not happened.
    early = slakit.sla_events(helpdesk, events, as_of=dt.datetime(2026, 5, 4, 11, 30, tzinfo=UTC))
    resolution = early[early.metric == "resolution"].iloc[0]
    assert resolution.status == "pending" and resolution.running_s == 1.5 * 3600
    # A request submitted after as_of gives no row, and is counted.
    before = slakit.sla_events(helpdesk, events, as_of=dt.datetime(2026, 5, 4, 7, tzinfo=UTC))
    assert before.empty and before.attrs["not_yet_submitted"] == 1


def test_an_invalid_timeline_names_the_request_and_the_event(helpdesk):
    bad_status = E_MAIL[:2] + [("R1", "2026-05-04T09:00Z", "status", "status=waiting")]
    with pytest.raises(ValueError, match=r'request R1 \(row 2\): invalid timeline: event 2 \(status "waiting" at '
                                         r"2026-05-04T09:00:00Z\) names a status the policy's lifecycle does not know"):
        slakit.sla_events(helpdesk, frame(bad_status))
    with pytest.raises(ValueError, match=r"request R9 \(row 0\): invalid timeline: the timeline has no submitted"):
        slakit.sla_events(helpdesk, frame([("R9", "2026-05-04T09:00Z", "reply")]))
    before = [("R1", "2026-05-04T07:00Z", "customer_message")] + E_MAIL
    with pytest.raises(ValueError, match=r"request R1 \(row 0\): invalid timeline: event 0 .*precedes the submission"):
        slakit.sla_events(helpdesk, frame(before))
    handoff = E_MAIL + [("R1", "2026-05-04T09:00Z", "handoff_completed")]
    with pytest.raises(ValueError, match=r"row 7\): invalid timeline: event 7 \(handoff_completed .*has no handoff_"):
        slakit.sla_events(helpdesk, frame(handoff))


def test_unreadable_rows_name_the_row_and_the_field(helpdesk):
    cases = [
        (("R1", "2026-05-04T09:00Z", "escalated"), 'unknown event "escalated" \\(submitted, customer_message'),
        (("R1", "2026-05-04T09:00Z", "reply", "author=robot"), 'unknown author "robot" \\(bot or human\\)'),
        (("R1", "2026-05-04T09:00Z", "priority", "priority=critical"), 'unknown priority "critical"'),
        (("R1", "2026-05-04T09:00Z", "priority"), "a priority event needs a priority"),
        (("R1", "2026-05-04T09:00Z", "status"), "a status event needs a status"),
        (("R1", "2026-05-04T09:00Z", "excluded", "reason= "), "an excluded event needs a reason"),
    ]
    for row, message in cases:
        with pytest.raises(ValueError, match=r"^request R1 \(row 7\): " + message):
            slakit.sla_events(helpdesk, frame(E_MAIL + [row]))
    wrong_channel = frame([("R1", "2026-05-04T08:00Z", "submitted", "channel=fax", "priority=normal")])
    with pytest.raises(ValueError, match=r'^request R1 \(row 0\): unknown channel "fax"'):
        slakit.sla_events(helpdesk, wrong_channel)
    as_text = frame(E_MAIL).assign(at=lambda f: f["at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
    as_text.loc[3, "at"] = "yesterday"
    with pytest.raises(ValueError, match=r"^request R1 \(row 3\): at: "):
        slakit.sla_events(helpdesk, as_text)
    naive = frame(E_MAIL).assign(at=lambda f: f["at"].dt.tz_localize(None))
    with pytest.raises(ValueError, match="at: a datetime column without a time zone"):
        slakit.sla_events(helpdesk, naive)
    with pytest.raises(ValueError, match="the events have no column 'event'"):
        slakit.sla_events(helpdesk, frame(E_MAIL).drop(columns="event"))


def test_threads_give_the_single_thread_answer(helpdesk):
    rows = [((f"R{i}",) + row[1:]) for i in range(50) for row in E_MAIL[: 2 + i % 6]]
    one = slakit.sla_events(helpdesk, frame(rows), threads=1)
    three = slakit.sla_events(helpdesk, frame(rows), threads=3)
    pd.testing.assert_frame_equal(one, three)
    assert one.request_id.nunique() == 50
