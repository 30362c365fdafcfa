"""slakit.Calendar: the library's calendar on datetime values."""

import datetime as dt
import zoneinfo

import pytest

import slakit

UTC = dt.timezone.utc
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture(scope="module")
def shanghai():
    # 2026-10-01..07 is China's National Day holiday; Sunday 2026-09-27 a make-up working day.
    return slakit.Calendar("Asia/Shanghai", "Mon-Fri 09:00-18:00", closed=["2026-10-01..2026-10-07"],
                           hours_on={"2026-09-27": "09:00-18:00"})


def local(zone, *fields):
    return dt.datetime(*fields, tzinfo=zone)


def test_is_open_at_the_edges_of_the_day(shanghai):
    assert not shanghai.is_open(local(SHANGHAI, 2026, 3, 2, 8, 59, 59))
    assert shanghai.is_open(local(SHANGHAI, 2026, 3, 2, 9, 0))
    assert shanghai.is_open(local(SHANGHAI, 2026, 3, 2, 17, 59, 59, 999999))
    assert not shanghai.is_open(local(SHANGHAI, 2026, 3, 2, 18, 0))  # half-open hours
    assert not shanghai.is_open(local(SHANGHAI, 2026, 3, 7, 12, 0))  # Saturday


def test_the_same_instant_in_any_zone_gives_the_same_answer(shanghai):
    t = local(SHANGHAI, 2026, 3, 2, 17, 30)
    assert shanghai.is_open(t) == shanghai.is_open(t.astimezone(UTC)) == shanghai.is_open(t.astimezone(NEW_YORK))
    assert shanghai.elapsed(t.astimezone(NEW_YORK), t + dt.timedelta(days=1)) == dt.timedelta(hours=9)


def test_elapsed_counts_only_open_time(shanghai):
    friday_5pm = local(SHANGHAI, 2026, 3, 6, 17, 0)
    monday_10am = local(SHANGHAI, 2026, 3, 9, 10, 0)
    assert shanghai.elapsed(friday_5pm, monday_10am) == dt.timedelta(hours=2)
    assert shanghai.elapsed(monday_10am, friday_5pm) == -dt.timedelta(hours=2)
    # A holiday week with a make-up Sunday before it: Sun 27 Sep, Mon 28 - Wed 30 Sep open, then closed to 7 Oct.
    assert shanghai.elapsed(local(SHANGHAI, 2026, 9, 26), local(SHANGHAI, 2026, 10, 8)) == dt.timedelta(hours=36)
    # Microseconds are kept.
    t = local(SHANGHAI, 2026, 3, 2, 10, 0)
    assert shanghai.elapsed(t, t + dt.timedelta(microseconds=7)) == dt.timedelta(microseconds=7)


def test_deadline_and_openings(shanghai):
    friday_5pm = local(SHANGHAI, 2026, 3, 6, 17, 0)
    assert shanghai.deadline(friday_5pm, "2h") == local(SHANGHAI, 2026, 3, 9, 10, 0)
    assert shanghai.deadline(friday_5pm, dt.timedelta(minutes=60)) == local(SHANGHAI, 2026, 3, 6, 18, 0)
    assert shanghai.next_open(friday_5pm) == friday_5pm
    assert shanghai.next_open(local(SHANGHAI, 2026, 9, 30, 18, 0)) == local(SHANGHAI, 2026, 10, 8, 9, 0)
    assert shanghai.next_close(friday_5pm) == local(SHANGHAI, 2026, 3, 6, 18, 0)
    answer = shanghai.next_open(local(SHANGHAI, 2026, 3, 7))
    assert answer.tzinfo is not None and answer.utcoffset() == dt.timedelta(0)  # answers are in UTC


def test_dst_gaps_and_repeats_are_real_time():
    always = slakit.Calendar("America/New_York", "Mon-Sun 00:00-24:00")
    # 8 March 2026 has 23 hours in New York, 1 November 25.
    assert always.elapsed(local(NEW_YORK, 2026, 3, 8), local(NEW_YORK, 2026, 3, 9)) == dt.timedelta(hours=23)
    assert always.elapsed(local(NEW_YORK, 2026, 11, 1), local(NEW_YORK, 2026, 11, 2)) == dt.timedelta(hours=25)


def test_naive_datetimes_are_refused(shanghai):
    with pytest.raises(ValueError, match="naive datetime"):
        shanghai.is_open(dt.datetime(2026, 3, 2, 10, 0))
    with pytest.raises(ValueError, match=r"elapsed\(to\).*naive"):
        shanghai.elapsed(local(UTC, 2026, 3, 2), dt.datetime(2026, 3, 3))
    with pytest.raises(TypeError, match="timezone-aware datetime"):
        shanghai.is_open("2026-03-02T10:00:00Z")
    with pytest.raises(ValueError, match="supported range"):
        shanghai.is_open(dt.datetime(1850, 1, 1, tzinfo=UTC))


def test_bad_calendars_name_what_is_wrong():
    with pytest.raises(ValueError, match='unknown time zone "Mars/Olympus"'):
        slakit.Calendar("Mars/Olympus", "Mon-Fri 09:00-18:00")
    with pytest.raises(ValueError, match="hours"):
        slakit.Calendar("UTC", "Mon-Fri 09:00-24:01")
    with pytest.raises(ValueError, match="closed"):
        slakit.Calendar("UTC", "Mon-Fri 09:00-18:00", closed=["2026-10-07..2026-10-01"])
    with pytest.raises(ValueError, match=r"^cal\.toml:2:\d+: "):
        slakit.Calendar.from_toml('zone = "UTC"\nhours = "Mon-Fri 09:00-18:00-"\n', "cal.toml")
    with pytest.raises(ValueError, match="negative"):
        slakit.Calendar("UTC", "Mon-Fri 09:00-18:00").deadline(local(UTC, 2026, 3, 2), -dt.timedelta(seconds=1))


def test_calendar_files_load_as_the_cli_reads_them(contract_path):
    from conftest import EXAMPLES

    china = slakit.Calendar.load(str(EXAMPLES / "calendars" / "china_2026.toml"))
    assert china.zone == "Asia/Shanghai"
    assert not china.is_open(local(SHANGHAI, 2026, 10, 5, 10, 0))  # National Day
    assert slakit.Calendar.load(str(contract_path)).zone == "Asia/Shanghai"  # a contract's [calendar]
