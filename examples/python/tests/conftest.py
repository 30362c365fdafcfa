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
