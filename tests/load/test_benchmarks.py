"""Every benchmark runs in the suite on a few thousand ideas for a few seconds
(``bench/run_all.py --smoke``), so that none can rot: it must finish, report every row it
promises, and write a RESULTS table. Its figures mean nothing and are not checked; the
targets are measured by ``make bench``."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from helpers import ROOT, need
from postgis_cluster import INSTALL_HINT, find_pg_bin

sys.path.insert(0, str(ROOT / "bench"))

from run_all import BENCHES

pytestmark = pytest.mark.load

NEEDS = {"bench_submit": ("wrk", "apt-get install wrk"),
         "bench_two_servers": ("nginx", "apt-get install nginx redis-server wrk"),
         "bench_page_weight": ("chromium", "apt-get install chromium")}


@pytest.mark.parametrize("name", sorted(BENCHES))
def test_the_benchmark_runs_and_reports(name, tmp_path):
    if find_pg_bin() is None and name != "bench_page_weight":
        need(INSTALL_HINT)
    tool = NEEDS.get(name)
    if tool and shutil.which(tool[0]) is None:
        need(f"{tool[0]} is not installed ({tool[1]})")
    out = tmp_path / "RESULTS.md"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run_all.py"), "--smoke",
                           "--only", name, "--out", str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    table = out.read_text()
    assert "**Smoke run**" in table and f"bench/{name}.py" in table
    rows = [line for line in table.splitlines() if line.startswith(f"| {name} |")]
    assert rows, table
    assert not [r for r in rows if "failed (exit" in r], rows
