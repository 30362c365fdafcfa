"""slakit.Contract and slakit.Report against sla_report on the same rows."""

import datetime as dt
import pickle

import numpy as np
import pandas as pd
import pytest

import slakit
from conftest import sla_report

UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def contract(contract_path):
    return slakit.Contract.load(str(contract_path))


def report_of(contract, frame, **options):
    as_of = slakit.latest_instant(contract, frame)
    report = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, **options)
    report.add_frame(frame)
    return report


def test_the_report_equals_sla_report_json(contract, simulated):
    expected, _ = sla_report(simulated)
    got = report_of(contract, slakit.read_requests(simulated)).to_dict(requests=str(simulated))
    expected["contract"] = got["contract"]  # the same file, named by another path
    assert got == expected
    assert got["rows_read"] == 30000 and got["periods"], "the data must not be trivial"


def test_weekly_and_daily_reports_equal_sla_reports(contract, simulated):
    frame = slakit.read_requests(simulated)
    for period in ("week", "day"):
        expected, _ = sla_report(simulated, "--period", period)
        got = report_of(contract, frame, period=period).to_dict(requests=str(simulated))
        expected["contract"] = got["contract"]
        assert got == expected, period


def test_integer_and_datetime_columns_give_the_text_columns_answer(contract, simulated):
    frame = slakit.read_requests(simulated)
    from_text = report_of(contract, frame)
    as_numbers = frame.copy()
    for column in slakit.TIME_COLUMNS:
        parsed = pd.to_datetime(frame[column].replace("", None), utc=True)
        as_numbers[column] = parsed.array.asi8 if column != "first_response_at" else parsed  # both kinds
    from_numbers = slakit.Report(contract, as_of=from_text.as_of, as_of_is_latest=True)
    from_numbers.add_frame(as_numbers)
    assert from_numbers.to_dict() == from_text.to_dict()
    assert from_numbers.to_frame().equals(from_text.to_frame())


def test_shards_merge_to_the_whole_in_any_grouping(contract, simulated):
    frame = slakit.read_requests(simulated)
    whole = report_of(contract, frame)
    shards = []
    for part in np.array_split(frame.sample(frac=1, random_state=7), 7):
        shard = slakit.Report(contract, as_of=whole.as_of, as_of_is_latest=True)
        shard.add_frame(part)
        shards.append(shard)
    assert slakit.merge(pickle.loads(pickle.dumps(s)) for s in shards).to_dict() == whole.to_dict()
    empty = slakit.Report(contract, as_of=whole.as_of, as_of_is_latest=True)
    assert empty.merge(whole).to_dict() == whole.to_dict()


def test_pickle_round_trip_keeps_everything(contract, simulated):
    report = report_of(contract, slakit.read_requests(simulated))
    report.add_outage(dt.datetime(2026, 3, 3, 2, tzinfo=UTC), dt.datetime(2026, 3, 3, 3, tzinfo=UTC))
    report.add_columns(["fax"], ["normal"], ["2026-03-02T01:00:00Z"])
    back = pickle.loads(pickle.dumps(report))
    assert back.to_dict() == report.to_dict()
    assert back.to_table() == report.to_table()
    assert (back.rows_read, back.rows_rejected, back.rejections) == (30001, 1, [(30000, 'unknown channel "fax"')])
    assert back.as_of == report.as_of and back.period == "month" and back.contract.text == report.contract.text
    contract_back = pickle.loads(pickle.dumps(report.contract))
    assert contract_back.channels == report.contract.channels


def test_rejected_rows_are_counted_with_sla_reports_reasons(contract, tmp_path):
    rows = [
        "id,channel,priority,submitted_at,first_response_at,handoff_decided_at,handoff_completed_at,human_contact_at,excluded_reason",
        "a,web_chat,normal,2026-03-02T01:00:00Z,2026-03-02T01:00:30Z,,,,",
        "b,fax,normal,2026-03-02T01:00:00Z,,,,,",
        "c,web_chat,vip,2026-03-02T01:00:00Z,,,,,",
        "d,web_chat,normal,2026-03-02T09:00:00,,,,,",
        "e,email,high,2026-03-02T01:00:00Z,2026-03-02T00:59:00Z,,,,",
        "f,email,high,,2026-03-02T00:59:00Z,,,,",
        "g,social,urgent,2026-03-02T01:00:00+08:00,2026-03-02T01:00:10+08:00,,,,",
        "h,web_chat,high,2026-02-30T01:00:00Z,,,,,",
    ]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(rows) + "\n")
    expected, stderr = sla_report(path)
    reasons = [line.split(": ", 1)[1] for line in stderr.splitlines() if line.startswith(str(path) + ":")]

    frame = slakit.read_requests(path)
    report = slakit.Report(contract, as_of=dt.datetime(2026, 3, 2, 1, 0, 30, tzinfo=UTC), as_of_is_latest=True)
    assert report.add_frame(frame) == 2
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (8, 2, 6)
    assert [reason for _, reason in report.rejections] == reasons
    assert [row for row, _ in report.rejections] == [1, 2, 3, 4, 5, 7]
    got = report.to_dict(requests=str(path))
    expected["contract"] = got["contract"]
    assert got == expected


def test_columns_are_checked(contract):
    as_of = dt.datetime(2026, 4, 1, tzinfo=UTC)
    report = slakit.Report(contract, as_of=as_of)
    naive = pd.Series(pd.to_datetime(["2026-03-02 01:00:00"]))
    with pytest.raises(ValueError, match="without a time zone"):
        report.add_columns(["web_chat"], ["normal"], naive)
    with pytest.raises(ValueError, match="datetime64"):
        report.add_columns(["web_chat"], ["normal"], naive.to_numpy())
    with pytest.raises(ValueError, match="priority: 2 rows, but the first column has 1"):
        report.add_columns(["web_chat"], ["normal", "high"], ["2026-03-02T01:00:00Z"])
    with pytest.raises(TypeError, match=r"channel\[0\]"):
        report.add_columns([3], ["normal"], ["2026-03-02T01:00:00Z"])
    with pytest.raises(ValueError, match="naive"):
        slakit.Report(contract, as_of=dt.datetime(2026, 4, 1))
    with pytest.raises(ValueError, match="period"):
        slakit.Report(contract, "quarter", as_of=as_of)
    # int64 nanoseconds: NaT is a missing instant.
    ns = np.array([pd.Timestamp("2026-03-02T01:00:00Z").value, np.iinfo(np.int64).min], dtype=np.int64)
    assert report.add_columns(["web_chat", "email"], ["normal", "high"], ns[:1].repeat(2), ns[::-1]) == 2
    assert report.rows_rejected == 0


def test_merge_refuses_reports_that_do_not_add_up(contract, contract_path):
    as_of = dt.datetime(2026, 4, 1, tzinfo=UTC)
    a = slakit.Report(contract, as_of=as_of)
    with pytest.raises(ValueError, match="different as_of"):
        a.merge(slakit.Report(contract, as_of=as_of + dt.timedelta(seconds=1)))
    with pytest.raises(ValueError, match="different periods"):
        a.merge(slakit.Report(contract, "week", as_of=as_of))
    other = slakit.Contract.from_toml(contract.text.replace('first_response = "60s"', 'first_response = "61s"'), "other")
    with pytest.raises(ValueError, match="different contracts"):
        a.merge(slakit.Report(other, as_of=as_of))


def test_a_corrupt_pickled_state_is_refused(contract, simulated):
    report = report_of(contract, slakit.read_requests(simulated))
    make, arguments, state = report._core.__reduce_ex__(2)[:3]
    blob = state[-1]
    assert isinstance(blob, bytes) and len(blob) > 100
    for damaged in (blob[:-1], blob[:40], blob + b"\0", blob[:20] + bytes([blob[20] ^ 0xFF]) + blob[21:], b""):
        core = make(*arguments)
        with pytest.raises(ValueError, match="Report state"):
            core.__setstate__(state[:-1] + (damaged,))
    # The same through pickle itself: a flipped byte inside the state.
    data = pickle.dumps(report)
    at = data.index(blob) + 20
    with pytest.raises(ValueError, match="Report state"):
        pickle.loads(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:])
    with pytest.raises(ValueError, match="Report state"):
        core = make(*arguments)
        core.__setstate__((99,) + state[1:])  # a version this build does not know


def test_bad_contracts_name_file_line_and_column(tmp_path):
    with pytest.raises(ValueError, match=r"^c\.toml:1:\d+: "):
        slakit.Contract.from_toml("priorities = [\"normal\"\n", "c.toml")
    with pytest.raises(ValueError, match=r"^c\.toml:\d+:\d+: .*no \[calendar\]"):
        slakit.Contract.from_toml('priorities = ["normal"]\n[channels]\nweb_chat = "real-time"\n', "c.toml")
    with pytest.raises(OSError):
        slakit.Contract.load(str(tmp_path / "missing.toml"))


def test_evaluate_applies_clause_2_1(contract):
    at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    met = contract.evaluate("web_chat", "normal", at, at + dt.timedelta(seconds=60), as_of=at + dt.timedelta(hours=1))
    assert met["scope"] == "in_hours" and met["first_response"]["status"] == "met"
    assert met["first_response"]["time"] == dt.timedelta(seconds=60)
    late = contract.evaluate("email", "normal", at, at + dt.timedelta(minutes=30, seconds=1), as_of=at + dt.timedelta(hours=1))
    assert late["first_response"]["status"] == "breached"
    pending = contract.evaluate("email", "normal", at, as_of=at + dt.timedelta(minutes=30))
    assert pending["first_response"]["status"] == "pending"
    assert pending["first_response"]["remaining"] == dt.timedelta(0)
    night = contract.evaluate("web_chat", "normal", at + dt.timedelta(hours=9), as_of=at + dt.timedelta(hours=10))
    assert night["scope"] == "out_of_hours"
    assert night["next_open"] == dt.datetime(2026, 3, 3, 1, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="first_response precedes submitted_at"):
        contract.evaluate("web_chat", "normal", at, at - dt.timedelta(seconds=1), as_of=at)
    with pytest.raises(ValueError, match='unknown channel "fax"'):
        contract.evaluate("fax", "normal", at, as_of=at)


def test_add_csv_equals_sla_report_even_on_dirty_data(contract, tmp_path):
    import subprocess

    from conftest import program

    dirty = tmp_path / "dirty.csv"
    with open(dirty, "wb") as out:
        subprocess.run([program("sla_simulate"), "--seed", "11", "--requests", "20000", "--dirty"], stdout=out,
                       stderr=subprocess.DEVNULL, check=True)
    expected, stderr = sla_report(dirty)
    assert expected["rejected_rows"] > 0, "the data must have bad rows"
    as_of = slakit.latest_instant_csv(contract, dirty)
    report = slakit.Report(contract, as_of=as_of, as_of_is_latest=True)
    assert report.add_csv(dirty, threads=2) == expected["rows_accepted"]
    got = report.to_dict(requests=str(dirty))
    expected["contract"] = got["contract"]
    assert got == expected
    cli = [line.split(": ", 1) for line in stderr.splitlines() if line.startswith(str(dirty) + ":")]
    assert [list(r) for r in report.rejections] == cli
    back = pickle.loads(pickle.dumps(report))
    assert back.rejections == report.rejections and back.to_dict() == report.to_dict()
    with pytest.raises(ValueError, match="the file is empty"):
        empty = tmp_path / "empty.csv"
        empty.write_bytes(b"")
        report.add_csv(empty)
    with pytest.raises(ValueError, match="cannot open"):
        report.add_csv(tmp_path / "missing.csv")
