"""slakit.Report broken down by host dimensions (by=["team", "agent"]): each value's
figures against a plain report of only that value's rows, filtered with pandas."""

import datetime as dt
import io
import pickle
import subprocess

import numpy as np
import pandas as pd
import pytest

import slakit
from conftest import EXAMPLES, random_events

UTC = dt.timezone.utc
TEAMS = ("accounts", "billing", "onboarding", "technical")  # sla_simulate's four, ascending
FIGURES = ["requests", "in_scope", "out_of_hours", "excluded", "met", "breached", "pending", "no_threshold",
           "compliance", "mean_s", "min_s", "max_s", "p50_s", "p90_s", "p99_s"]


@pytest.fixture(scope="module")
def contract(contract_path):
    return slakit.Contract.load(str(contract_path))


@pytest.fixture(scope="module")
def helpdesk():
    return slakit.Contract.load(str(EXAMPLES / "contracts" / "helpdesk.toml"))


@pytest.fixture(scope="module")
def frame(simulated):
    """sla_simulate's month with its team and agent columns (uneven teams, agents
    with uneven shares of the work); one row in 50 loses its team (None)."""
    rows = slakit.read_requests(simulated)
    assert rows.team.nunique() == len(TEAMS) and rows.agent.nunique() > 20
    team = rows.team.to_numpy(dtype=object).copy()
    team[np.random.default_rng(5).random(len(rows)) < 0.02] = None
    return rows.assign(team=team)


@pytest.fixture(scope="module")
def as_of(contract, frame):
    return slakit.latest_instant(contract, frame)


def plain(contract, rows, as_of):
    report = slakit.Report(contract, as_of=as_of, as_of_is_latest=True)
    report.add_frame(rows)
    return report


def value_rows(got, **values):
    """to_frame()'s rows of one dimension value, without the dimension columns."""
    keep = np.ones(len(got), dtype=bool)
    for name, value in values.items():
        keep &= (got[name] == value).to_numpy()
    return got[keep].drop(columns=list(values)).reset_index(drop=True)


def test_each_value_equals_a_report_of_only_its_rows(contract, frame, as_of):
    report = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, by="team")
    assert report.add_frame(frame) == len(frame)
    assert report.by == ("team",)
    groups, totals = report.to_frame(), report.by_dimension()
    assert report.dimension_values() == [("",), *((t,) for t in TEAMS)]  # None is ""
    for value in ("", *TEAMS):
        rows = frame[frame.team.isna()] if value == "" else frame[frame.team == value]
        assert len(rows) > 200, "each team must have rows"
        alone = plain(contract, rows, as_of)
        pd.testing.assert_frame_equal(value_rows(groups, team=value), alone.to_frame())
        mine = totals[totals.team == value].drop(columns="team").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone.by_dimension())
        assert mine.requests.sum() == len(rows)


def test_the_values_add_up_to_the_plain_report(contract, frame, as_of):
    whole = plain(contract, frame, as_of)
    report = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, by=["team", "agent"])
    report.add_frame(frame)
    counts = ["requests", "in_scope", "out_of_hours", "excluded", "met", "breached", "pending", "no_threshold"]
    summed = report.by_dimension().groupby("period")[counts].sum().reset_index()
    pd.testing.assert_frame_equal(summed, whole.by_dimension()[["period", *counts]])
    # Folding every value into one merges the cells exactly: the sketches too.
    folded = report.folded(0)
    assert folded.dimension_values() == [("other", "other")]
    pd.testing.assert_frame_equal(value_rows(folded.to_frame(), team="other", agent="other"), whole.to_frame())
    assert folded.rows_accepted == report.rows_accepted == len(frame)


def test_fold_keeps_the_busiest_agents(contract, frame, as_of):
    report = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, by="agent")
    report.add_frame(frame)
    volume = frame.agent.value_counts()
    ranked = sorted(volume.items(), key=lambda item: (-item[1], item[0]))  # ties: the smaller value
    kept = [agent for agent, _ in ranked[:5]]
    folded = report.folded(5, other="the rest")
    assert sorted(v for (v,) in folded.dimension_values()) == sorted(kept + ["the rest"])
    totals = folded.by_dimension().groupby("agent").requests.sum()
    for agent in kept:
        assert totals[agent] == volume[agent]
    assert totals["the rest"] == volume.sum() - volume[kept].sum()
    # A kept agent's groups are untouched.
    pd.testing.assert_frame_equal(value_rows(folded.to_frame(), agent=kept[0]),
                                  value_rows(report.to_frame(), agent=kept[0]))
    with pytest.raises(ValueError, match="no dimensions"):
        plain(contract, frame.head(10), as_of).folded(1)
    with pytest.raises(ValueError, match="other has 2 values"):
        report.folded(1, other=("a", "b"))


def test_pickled_shards_merge_to_the_whole(contract, frame, as_of):
    by = ["team", "agent"]
    whole = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, by=by, max_groups=100)
    whole.add_frame(frame)
    back = pickle.loads(pickle.dumps(whole))
    assert (back.by, back.max_groups) == (("team", "agent"), 100)
    assert back.dimension_values() == whole.dimension_values()
    pd.testing.assert_frame_equal(back.to_frame(), whole.to_frame())
    pd.testing.assert_frame_equal(back.by_dimension(), whole.by_dimension())
    shards = []
    for part in np.array_split(frame.sample(frac=1, random_state=3), 4):
        shard = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, by=by)
        shard.add_frame(part)
        shards.append(pickle.loads(pickle.dumps(shard)))
    merged = slakit.merge(shards)
    pd.testing.assert_frame_equal(merged.to_frame(), whole.to_frame())
    pd.testing.assert_frame_equal(merged.by_dimension(), whole.by_dimension())
    # "" is a value like another (the library writes each value with its length).
    lone = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, by="team")
    lone.add_frame(frame[frame.team.isna()])
    assert pickle.loads(pickle.dumps(lone)).dimension_values() == [("",)]
    with pytest.raises(ValueError, match=r"different dimensions \(\[team, agent\] and \[team\]\)"):
        whole.merge(slakit.Report(contract, as_of=as_of, as_of_is_latest=True, by="team"))
    with pytest.raises(ValueError, match=r"different dimensions \(\[team, agent\] and no dimensions\)"):
        whole.merge(slakit.Report(contract, as_of=as_of, as_of_is_latest=True))


def test_max_groups_raises_and_adds_nothing(contract, frame, as_of):
    report = slakit.Report(contract, as_of=as_of, by="team", max_groups=4)
    with pytest.raises(slakit.DimensionLimitError,
                       match="report: 5 distinct dimension values, more than the limit of 4") as caught:
        report.add_frame(frame)
    assert isinstance(caught.value, ValueError)
    assert (caught.value.limit, caught.value.values) == (4, 5)
    assert report.rows_read == 0 and report.to_frame().empty and report.dimension_values() == []
    # Within the limit it takes them; merging a fourth value is refused as a whole.
    named = frame[frame.team.notna()]
    assert report.add_frame(named) == len(named)
    before = report.to_frame()
    extra = slakit.Report(contract, as_of=as_of, by="team")
    extra.add_frame(frame[frame.team.isna()])
    with pytest.raises(slakit.DimensionLimitError, match="5 distinct"):
        report.merge(extra)
    pd.testing.assert_frame_equal(report.to_frame(), before)
    assert report.rows_read == len(named)
    with pytest.raises(ValueError, match="max_groups: at least 1"):
        slakit.Report(contract, as_of=as_of, by="team", max_groups=0)


def test_dimension_columns_are_checked(contract, as_of):
    rows = dict(channel=["web_chat", "email"], priority=["normal", "high"],
                submitted_at=["2026-03-02T01:00:00Z", "2026-03-02T01:00:00Z"])
    report = slakit.Report(contract, as_of=as_of, by=["team"])
    with pytest.raises(ValueError, match=r"no column for \['team'\]"):
        report.add_columns(**rows)
    with pytest.raises(ValueError, match=r"\['agent'\] are not dimensions"):
        report.add_columns(**rows, dimensions={"team": ["a", "b"], "agent": ["x", "y"]})
    with pytest.raises(ValueError, match="team: 1 rows, but the first column has 2"):
        report.add_columns(**rows, dimensions={"team": ["a"]})
    with pytest.raises(TypeError, match=r"team\[1\]: expected a string or None"):
        report.add_columns(**rows, dimensions={"team": ["a", 2.5]})
    with pytest.raises(ValueError, match="the frame has no column 'squad' \\(dimension 'team'\\)"):
        report.add_frame(pd.DataFrame(rows), columns={"team": "squad"})
    with pytest.raises(ValueError, match="named twice"):
        slakit.Report(contract, as_of=as_of, by=["team", "team"])
    with pytest.raises(ValueError, match="'priority' is a column of the report itself"):
        slakit.Report(contract, as_of=as_of, by="priority")
    with pytest.raises(ValueError, match="no dimensions"):
        slakit.Report(contract, as_of=as_of).add_columns(**rows, dimensions={"team": ["a", "b"]})
    # Integers are their decimal text, pd.NA and NaN are "", as an empty CSV field.
    frame = pd.DataFrame(rows).assign(customer=pd.array([7, None], dtype="Int64"), squad=["x", np.nan])
    report = slakit.Report(contract, as_of=as_of, by=["customer", "team"])
    assert report.add_frame(frame, columns={"team": "squad"}) == 2
    assert report.dimension_values() == [("", ""), ("7", "x")]
    assert list(report.to_frame().columns[:4]) == ["period", "customer", "team", "channel"]


def test_add_csv_reads_the_dimension_columns(contract, frame, as_of, tmp_path):
    path = tmp_path / "with_teams.csv"
    frame.head(3000).assign(agent=lambda f: f.agent.str.replace("agent-0", "0")).to_csv(path, index=False)
    by_csv = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, by=["team", "agent"])
    assert by_csv.add_csv(path) == 3000
    text = slakit.read_requests(path, dtype=str)  # "001" stays "001"
    by_frame = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, by=["team", "agent"])
    by_frame.add_frame(text)
    pd.testing.assert_frame_equal(by_csv.to_frame(), by_frame.to_frame())
    assert all(agent.startswith("0") for _, agent in by_csv.dimension_values()), "text stays text"


@pytest.fixture(scope="module")
def events():
    """Random helpdesk timelines with a team on the submitted row; every other row
    carries a team that must not be read."""
    table = slakit.read_events(io.StringIO(random_events(17, 1500)))
    number = table.request_id.str[1:].astype(int)
    team = np.array([TEAMS[n % 4] if n % 7 else None for n in number], dtype=object)
    return table.assign(team=np.where(table.event == "submitted", team, "not the submission"))


def test_events_take_the_submitted_rows_values(helpdesk, events):
    as_of = slakit.latest_event_instant(helpdesk, events)
    report = slakit.Report(helpdesk, as_of=as_of, as_of_is_latest=True, by="team")
    report.add_events(events)
    assert report.dimension_values() == [("",), *((t,) for t in TEAMS)]
    groups = report.to_frame()
    submitted = events[events.event == "submitted"]
    for value in ("", *TEAMS):
        ids = submitted.request_id[submitted.team.isna() if value == "" else submitted.team == value]
        alone = slakit.Report(helpdesk, as_of=as_of, as_of_is_latest=True)
        alone.add_events(events[events.request_id.isin(ids)].drop(columns="team"))
        pd.testing.assert_frame_equal(value_rows(groups, team=value), alone.to_frame())
    # Under another name, and on two threads: the same report.
    renamed = slakit.Report(helpdesk, as_of=as_of, as_of_is_latest=True, by="squad")
    renamed.add_events(events, columns={"squad": "team"}, threads=2)
    pd.testing.assert_frame_equal(renamed.to_frame().rename(columns={"squad": "team"}), groups)


def test_threads_give_the_single_thread_answer(helpdesk, events):
    as_of = slakit.latest_event_instant(helpdesk, events)
    reports = []
    for threads in (1, 2, 3):
        report = slakit.Report(helpdesk, as_of=as_of, by="team", max_groups=5)
        report.add_events(events, threads=threads)
        reports.append(report)
    for other in reports[1:]:
        pd.testing.assert_frame_equal(other.to_frame(), reports[0].to_frame())
        pd.testing.assert_frame_equal(other.by_dimension(), reports[0].by_dimension())
        assert other.rows_read == reports[0].rows_read
    limited = slakit.Report(helpdesk, as_of=as_of, by="team", max_groups=4)
    with pytest.raises(slakit.DimensionLimitError, match="more than the limit of 4"):
        limited.add_events(events, threads=2)
    assert limited.rows_read == 0 and limited.to_frame().empty


def test_the_report_equals_sla_report_by_team_and_agent(contract, simulated):
    """sla_simulate's team and agent columns, through pandas and through the CSV
    reader: the JSON of sla_report --by team,agent, field by field."""
    from conftest import program, sla_report

    for by in (["team"], ["team", "agent"]):
        expected, _ = sla_report(simulated, "--by", ",".join(by))
        rows = slakit.read_requests(simulated)
        as_of = slakit.latest_instant(contract, rows)
        from_frame = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, by=by)
        from_frame.add_frame(rows)
        from_csv = slakit.Report(contract, as_of=as_of, as_of_is_latest=True, by=by)
        from_csv.add_csv(simulated, threads=2)
        expected["contract"] = str(contract.name)
        for report in (from_frame, from_csv):
            got = report.to_dict(requests=str(simulated))
            assert got == expected, by
        assert expected["periods"][0]["by_dimension"], "the JSON must break the month down"
        assert from_csv.to_csv() == from_frame.to_csv()
        for form, text in (("csv", from_csv.to_csv()), ("table", from_csv.to_table(requests=str(simulated)))):
            cli = subprocess.run([program("sla_report"), "--contract", contract.name, "--requests", str(simulated),
                                  "--by", ",".join(by), "--format", form], capture_output=True, text=True, check=True)
            assert text == cli.stdout, form
        text = pd.read_csv(io.StringIO(from_csv.to_csv()), dtype={c: str for c in ["period", *by]},
                           keep_default_na=False, na_values={c: [""] for c in FIGURES})
        pd.testing.assert_frame_equal(text, from_csv.to_frame(), check_dtype=False)
    limited = slakit.Report(contract, as_of=as_of, by="agent", max_groups=10)
    with pytest.raises(slakit.DimensionLimitError, match=r"more than 10 distinct values of agent \(max_groups=10\)"):
        limited.add_csv(simulated, threads=2)
    assert limited.rows_read == 0 and limited.to_frame().empty


def test_events_equal_sla_report_events_by_team(helpdesk, events, tmp_path):
    from conftest import sla_report_events

    path = tmp_path / "events.csv"
    events.to_csv(path, index=False)
    expected, _ = sla_report_events(path, "--by", "team")
    report = slakit.Report(helpdesk, as_of=slakit.latest_event_instant(helpdesk, events), as_of_is_latest=True,
                           by="team")
    report.add_events(slakit.read_events(path), threads=2)
    got = report.to_dict(requests=str(path))
    expected["contract"] = got["contract"]
    assert got == expected
