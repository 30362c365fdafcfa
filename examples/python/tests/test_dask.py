"""The Dask example: partitions on worker processes, merged, equal to sla_report."""

import json
import pathlib
import subprocess
import sys

from conftest import CONTRACT, EXAMPLES, sla_report

HERE = pathlib.Path(__file__).resolve().parents[1]


def test_dask_report_equals_sla_report_on_the_concatenated_file(simulated, tmp_path):
    split = subprocess.run([sys.executable, str(HERE / "split_csv.py"), str(simulated), "6", str(tmp_path / "parts")],
                           capture_output=True, text=True, check=True)
    parts = split.stdout.split()
    assert len(parts) == 6
    # The parts hold the file's rows, each once, in order.
    rows = [line for p in parts for line in pathlib.Path(p).read_text().splitlines()[1:]]
    assert rows == pathlib.Path(simulated).read_text().splitlines()[1:]

    done = subprocess.run([sys.executable, str(HERE / "dask_report.py"), "--contract", str(CONTRACT), "--workers", "2",
                           "--format", "json", str(tmp_path / "parts" / "*.csv")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    expected, _ = sla_report(simulated)

    assert set(got) == set(expected)
    for field in expected:
        if field != "requests":  # the files' names
            assert got[field] == expected[field], field
    # Field by field in the groups too, so that a failure names the field.
    for p_got, p_expected in zip(got["periods"], expected["periods"]):
        for g_got, g_expected in zip(p_got["groups"], p_expected["groups"]):
            for key in g_expected:
                assert g_got[key] == g_expected[key], (p_expected["period"], g_expected["channel"], key)
    assert got["rows_read"] == 30000


def test_dask_report_with_an_explicit_as_of(simulated, tmp_path):
    subprocess.run([sys.executable, str(HERE / "split_csv.py"), str(simulated), "3", str(tmp_path)], check=True,
                   capture_output=True)
    done = subprocess.run([sys.executable, str(HERE / "dask_report.py"), "--contract", str(CONTRACT), "--workers", "1",
                           "--as-of", "2026-03-20T00:00:00Z", "--format", "json", str(tmp_path / "*.csv")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    expected, _ = sla_report(simulated, "--as-of", "2026-03-20T00:00:00Z")
    for field in expected:
        if field != "requests":
            assert got[field] == expected[field], field
    assert got["rejected_rows"] > 0  # rows submitted after --as-of
    assert got["as_of_from"] == "option"


def test_dask_report_with_the_cpp_reader(simulated, tmp_path):
    subprocess.run([sys.executable, str(HERE / "split_csv.py"), str(simulated), "4", str(tmp_path)], check=True,
                   capture_output=True)
    done = subprocess.run([sys.executable, str(HERE / "dask_report.py"), "--contract", str(CONTRACT), "--workers", "2",
                           "--reader", "slakit", "--format", "json", str(tmp_path / "*.csv")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    expected, _ = sla_report(simulated)
    for field in expected:
        if field != "requests":
            assert got[field] == expected[field], field
