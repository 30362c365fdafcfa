"""slakit.Calendar over numpy and pandas columns: the same answers as the scalar API."""

import datetime as dt
import threading
import zoneinfo

import numpy as np
import pandas as pd
import pytest

import slakit

UTC = dt.timezone.utc
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture(scope="module")
def new_york():
    # Nights over the fall-back hour as well as office hours, and a holiday.
    return slakit.Calendar("America/New_York", "Mon-Fri 09:00-18:00; Sat 22:00-24:00; Sun 00:00-02:30",
                           closed=["2024-07-04", "2024-12-24..2024-12-26"], hours_on={"2024-11-02": "10:00-14:00"})


def random_instants(n, seed, start="2024-01-01", days=400):
    """Whole microseconds, as datetimes hold them, so the scalar API can check every answer."""
    rng = np.random.default_rng(seed)
    base = pd.Timestamp(start, tz="UTC").value
    ns = base + rng.integers(0, days * 86_400_000_000, n) * 1000
    return pd.Series(pd.to_datetime(ns, utc=True)).dt.tz_convert(NEW_YORK)


def test_elapsed_and_deadline_agree_with_the_scalar_api(new_york):
    a = random_instants(3000, 1)
    b = a + pd.to_timedelta(np.random.default_rng(2).integers(-86_400, 40 * 86_400, len(a)), unit="s")
    got = new_york.elapsed(a, b)
    assert got.dtype == "timedelta64[ns]" and (got.index == a.index).all()
    # In UTC: iterating a Series boxes instants in a repeated hour with the wrong fold.
    utc_a, utc_b = a.dt.tz_convert("UTC"), b.dt.tz_convert("UTC")
    assert [x.to_pytimedelta() for x in got] == [new_york.elapsed(x, y) for x, y in zip(utc_a, utc_b)]
    d = pd.to_timedelta(np.random.default_rng(3).integers(0, 30 * 86_400_000_000, len(a)), unit="us")
    due = new_york.deadline(a, d)
    assert str(due.dtype) == "datetime64[ns, UTC]"
    assert [x.to_pydatetime() for x in due] == [new_york.deadline(x, y.to_pytimedelta()) for x, y in zip(utc_a, d)]


def test_is_open_next_open_next_close_agree_with_the_scalar_api(new_york):
    t = random_instants(3000, 4).dt.tz_convert("UTC")
    assert list(new_york.is_open(t)) == [new_york.is_open(x) for x in t]
    assert [x.to_pydatetime() for x in new_york.next_open(t)] == [new_york.next_open(x) for x in t]
    assert [x.to_pydatetime() for x in new_york.next_close(t)] == [new_york.next_close(x) for x in t]


def test_many_rows_take_the_tabulated_path_and_answer_the_same(new_york):
    # Enough rows over two years for the calendar to tabulate them: a sample checked one by one.
    a = random_instants(40_000, 5, days=700).dt.tz_convert("UTC")
    b = a + pd.to_timedelta(np.random.default_rng(6).integers(0, 90 * 86_400, len(a)), unit="s")
    got = new_york.elapsed(a.values, b.values)
    due = new_york.deadline(a.values, got)
    for i in range(0, len(a), 97):
        assert got[i] == np.timedelta64(new_york.elapsed(a.iloc[i], b.iloc[i]))
        assert due[i] == np.datetime64(new_york.deadline(a.iloc[i], pd.Timedelta(got[i]).to_pytimedelta())
                                       .replace(tzinfo=None), "ns")
    # elapsed then deadline lands where the span ends, or at the close before it.
    assert (due <= b.values).all()
    assert (new_york.elapsed(a.values, due) == got).all()


def test_numpy_arrays_are_utc_and_answers_are_arrays(new_york):
    t = np.array(["2024-03-04T14:00", "2024-03-04T23:30"], dtype="datetime64[s]")  # Monday 09:00 and 18:30 EST
    assert new_york.is_open(t).tolist() == [True, False]
    assert new_york.next_open(t)[1] == np.datetime64("2024-03-05T14:00", "ns")
    assert new_york.elapsed(t[0], t).tolist() == [0, 9 * 3600 * 10**9]  # a scalar repeats along the column
    assert new_york.deadline(t, "1h30min")[0] == np.datetime64("2024-03-04T15:30", "ns")
    assert new_york.deadline(t, dt.timedelta(hours=1))[1] == np.datetime64("2024-03-05T15:00", "ns")


def test_nanoseconds_are_kept(new_york):
    t = pd.Series([pd.Timestamp("2024-03-04 10:00:00.000000001", tz=NEW_YORK)])
    assert new_york.elapsed(t, t + pd.Timedelta(7, "ns")).iloc[0] == pd.Timedelta(7, "ns")
    assert new_york.deadline(t, pd.Series([pd.Timedelta(7, "h")])).iloc[0] == pd.Timestamp(
        "2024-03-04 22:00:00.000000001", tz="UTC")
    # 8 h runs past the close: on to the next morning, nanosecond kept.
    assert new_york.deadline(t, pd.Timedelta(8, "h")).iloc[0] == pd.Timestamp("2024-03-05 14:00:00.000000001", tz="UTC")


def test_nat_gives_nat_and_naive_columns_raise(new_york):
    t = pd.Series([pd.Timestamp("2024-03-04 10:00", tz=NEW_YORK), pd.NaT], dtype="datetime64[ns, America/New_York]")
    assert pd.isna(new_york.elapsed(t, t + pd.Timedelta("1h")).iloc[1])
    assert pd.isna(new_york.deadline(t, "1h").iloc[1])
    assert pd.isna(new_york.next_open(t).iloc[1]) and pd.isna(new_york.next_close(t).iloc[1])
    assert new_york.is_open(t).tolist() == [True, pd.NA]
    assert new_york.elapsed(pd.NaT, t.iloc[0]) is pd.NaT
    with pytest.raises(ValueError, match="naive"):
        new_york.elapsed(t.dt.tz_localize(None), t)
    with pytest.raises(ValueError, match="naive"):
        new_york.is_open(t.dt.tz_localize(None))
    with pytest.raises(TypeError):
        new_york.is_open(np.array([1, 2]))
    with pytest.raises(ValueError, match="lengths"):
        new_york.elapsed(t, t.iloc[:1])


def test_errors_name_the_row():
    never = slakit.Calendar("UTC", "")
    t = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-02"], utc=True))
    with pytest.raises(ValueError, match="row 0: next_open"):
        never.next_open(t)
    always = slakit.Calendar("UTC", "Mon-Sun 00:00-24:00")
    with pytest.raises(ValueError, match="row 0: next_close"):
        always.next_close(t)
    with pytest.raises(ValueError, match="negative"):
        always.deadline(t, pd.Series(pd.to_timedelta([1, -1], unit="s")))


def test_the_gil_is_released(new_york):
    # Two threads over big columns finish with the same answers as one.
    a = random_instants(200_000, 7).values
    b = a + np.timedelta64(3, "D")
    want = new_york.elapsed(a, b)
    got = [None, None]

    def work(i):
        got[i] = new_york.elapsed(a, b)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all((g == want).all() for g in got)
