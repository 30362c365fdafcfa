"""The Dask example: partitions on worker processes, merged, equal to sla_report."""

import json
import pathlib
import subprocess
import sys

from conftest import CONTRACT, sla_report

HERE = pathlib.Path(__file__).resolve().parents[1]


def split(path, parts, folder):
    done = subprocess.run([sys.executable, str(HERE / "split_csv.py"), str(path), str(parts), str(folder)],
                          capture_output=True, text=True, check=True)
    return done.stdout.split()


def dask_report(folder, *options):
    """dask_report.py --format json on folder/*.csv, parsed."""
    done = subprocess.run([sys.executable, str(HERE / "dask_report.py"), "--contract", str(CONTRACT), "--format", "json",
                           *options, str(pathlib.Path(folder) / "*.csv")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_same_report(got, expected):
    assert set(got) == set(expected)
    for field in expected:
        if field != "requests":  # the files' names
            assert got[field] == expected[field], field


def test_dask_report_equals_sla_report_on_the_concatenated_file(simulated, tmp_path):
    parts = split(simulated, 6, tmp_path)
    assert len(parts) == 6
    # The parts hold the file's rows, each once, in order.
    rows = [line for p in parts for line in pathlib.Path(p).read_text().splitlines()[1:]]
    assert rows == pathlib.Path(simulated).read_text().splitlines()[1:]

    got = dask_report(tmp_path, "--workers", "2")
    expected, _ = sla_report(simulated)
    assert_same_report(got, expected)
    # Field by field in the groups too, so that a failure names the field.
    for p_got, p_expected in zip(got["periods"], expected["periods"]):
        for g_got, g_expected in zip(p_got["groups"], p_expected["groups"]):
            for key in g_expected:
                assert g_got[key] == g_expected[key], (p_expected["period"], g_expected["channel"], key)
    assert got["rows_read"] == 30000


def test_dask_report_with_an_explicit_as_of(simulated, tmp_path):
    split(simulated, 3, tmp_path)
    got = dask_report(tmp_path, "--workers", "1", "--as-of", "2026-03-20T00:00:00Z")
    expected, _ = sla_report(simulated, "--as-of", "2026-03-20T00:00:00Z")
    assert_same_report(got, expected)
    assert got["rejected_rows"] > 0  # rows submitted after --as-of
    assert got["as_of_from"] == "option"


def test_dask_report_with_the_cpp_reader(simulated, tmp_path):
    split(simulated, 4, tmp_path)
    assert_same_report(dask_report(tmp_path, "--workers", "2", "--reader", "slakit"), sla_report(simulated)[0])


def test_dask_report_of_events_partitioned_by_request_equals_sla_report_events(tmp_path):
    from conftest import HELPDESK, random_events, sla_report_events

    events = tmp_path / "events.csv"
    events.write_text(random_events(11, 3000, bad=30))
    folder = tmp_path / "parts"
    done = subprocess.run([sys.executable, str(HERE / "split_csv.py"), "--key", "request_id", str(events), "5",
                           str(folder)], capture_output=True, text=True, check=True)
    parts = done.stdout.split()
    # Each request's lines in one part, in the file's order.
    lines = pathlib.Path(events).read_text().splitlines()[1:]
    seen = {}
    for i, p in enumerate(parts):
        for line in pathlib.Path(p).read_text().splitlines()[1:]:
            assert seen.setdefault(line.split(",")[0], i) == i
    assert sorted(line for p in parts for line in pathlib.Path(p).read_text().splitlines()[1:]) == sorted(lines)

    for extra in ([], ["--as-of", "2026-10-28T00:00:00Z"]):
        run = subprocess.run([sys.executable, str(HERE / "dask_report.py"), "--contract", str(HELPDESK), "--events",
                              "--workers", "2", "--format", "json", *extra, str(folder / "*.csv")],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        got = json.loads(run.stdout)
        expected, _ = sla_report_events(events, *extra)
        assert_same_report(got, expected)
        assert got["rows_read"] == len(lines) and got["rejected_rows"] == 15


def test_dask_report_by_team_and_agent(simulated, tmp_path):
    split(simulated, 4, tmp_path)
    expected, _ = sla_report(simulated, "--by", "team,agent")
    assert expected["periods"][0]["by_dimension"], "the JSON must break the month down"
    for reader in ("pandas", "slakit"):
        got = dask_report(tmp_path, "--workers", "2", "--reader", reader, "--by", "team,agent")
        assert_same_report(got, expected)
    done = subprocess.run([sys.executable, str(HERE / "dask_report.py"), "--contract", str(CONTRACT), "--by", "agent",
                           "--max-groups", "5", "--workers", "1", str(tmp_path / "*.csv")], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 2 and "more than" in done.stderr and "5" in done.stderr, done.stderr
