"""Run every benchmark and write ``bench/RESULTS.md`` (``make bench``).

Each benchmark runs as its own process, as one would run it by hand; the rows it reports
(``common.report``) are gathered into one table of every SPEC §4 target: the measured
figure, the baseline measured in the same run (a bare endpoint, a spatial join), and met
or missed, with by how much and why for a missed line. A benchmark that fails is a line
that says so, with the end of its output; the others still run.

    .venv/bin/python bench/run_all.py [--smoke] [--only NAME ...] [--out bench/RESULTS.md]

``--smoke`` runs each on a few thousand ideas for a few seconds: the test suite does this
so that no benchmark can rot, and its figures mean nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# name: (full run, smoke run), arguments of bench/<name>.py
BENCHES: dict[str, tuple[list[str], list[str]]] = {
    "bench_page_weight": (["--ideas", "1500", "--runs", "3"], ["--ideas", "40", "--runs", "1"]),
    "bench_submit": (["--seconds", "15"], ["--seconds", "1", "--connections", "4",
                                           "--workers", "1", "--warm-up", "0",
                                           "--pause", "0.3"]),
    "bench_map_data": (["--ideas", "1000000"], ["--ideas", "1000", "--views", "2"]),
    "bench_summaries": (["--ideas", "1000000", "--ballots", "200000"],
                        ["--ideas", "1000", "--ballots", "200"]),
    "bench_planner_pages": (["--ideas", "1000000", "--ballots", "200000", "--repeat", "1"],
                            ["--ideas", "1000", "--ballots", "200", "--repeat", "1",
                             "--filters", "age"]),
    "bench_boundaries": (["--ideas", "1000000"], ["--ideas", "1000"]),
    "bench_two_servers": (["--seconds", "10"], ["--seconds", "1", "--connections", "4",
                                                "--workers", "1", "--warm-up", "0"]),
}


def machine() -> list[str]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                      .splitlines() if line.startswith("MemTotal"))
        memory_text = f"{memory / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory_text = "unknown"
    system = platform.platform()
    try:
        release = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text()
                       .splitlines() if "=" in line)
        system = release.get("PRETTY_NAME", system).strip('"')
    except OSError:
        pass
    tools = []
    for command in (["psql", "--version"], ["chromium", "--version"], ["wrk", "--version"]):
        if shutil.which(command[0]) is None:
            path = next(Path("/usr/lib/postgresql").glob("*/bin/psql"), None) \
                if command[0] == "psql" else None
            if path is None:
                continue
            command = [str(path), *command[1:]]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=20,
                                  check=False)
            tools.append((done.stdout or done.stderr).strip().splitlines()[0])
        except (OSError, subprocess.TimeoutExpired, IndexError):
            pass
    return [f"- CPU: {cpu}, {os.cpu_count()} cores; memory {memory_text}",
            f"- System: {system}; Python {platform.python_version()}; "
            f"SQLite {sqlite3.sqlite_version}",
            *(f"- {tool}" for tool in tools)]


def run(name: str, arguments: list[str], out: Path, smoke: bool = False) -> tuple[float, int, str]:
    """Run one benchmark; returns its seconds, exit code and the end of its output. A smoke
    run keeps its PostgreSQL files in memory (``bench/common.py``): its figures mean nothing."""
    command = [sys.executable, str(HERE / f"{name}.py"), *arguments]
    print(f"$ {shlex.join(['.venv/bin/python', f'bench/{name}.py', *arguments])}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "VIZLOU_BENCH_OUT": str(out),
                               "VIZLOU_BENCH_SMOKE": "1" if smoke else ""},
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    sys.stdout.write(done.stdout)
    if done.returncode:
        sys.stdout.write(done.stderr[-3000:])
    if done.returncode < 0:
        return seconds, done.returncode, f"stopped by signal {-done.returncode}"
    said = [line for line in (done.stderr + done.stdout).splitlines()
            if line.strip() and not line.startswith(("INFO ", " "))]
    return seconds, done.returncode, (said[-1:] or [""])[0]


def cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_results(path: Path, rows: list[dict], runs: list[tuple], smoke: bool) -> None:
    met = sum(1 for r in rows if r["met"])
    lines = ["# Benchmark results", "",
             f"Written by `make bench` (`bench/run_all.py{' --smoke' if smoke else ''}`) on "
             f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
             f"{met} of {len(rows)} lines met.", ""]
    if smoke:
        lines += ["**Smoke run**: a few thousand ideas for a few seconds, to check that "
                  "every benchmark still runs. These figures say nothing about the targets.",
                  ""]
    lines += ["## Machine", "", *machine(), "", "## Commands", ""]
    for name, arguments, seconds, code, tail in runs:
        state = "" if code == 0 else f" — **failed** (exit {code}): {cell(tail)}"
        lines.append(f"- `.venv/bin/python bench/{name}.py {shlex.join(arguments)}` "
                     f"({seconds:.0f} s){state}")
    lines += ["", "## Targets (SPEC §4)", "",
              "| benchmark | what | measured | target | baseline (same run) | met |",
              "|---|---|---|---|---|---|"]
    for r in rows:
        verdict = "met" if r["met"] else f"**missed**{': ' + cell(r['note']) if r['note'] else ''}"
        lines.append(f"| {r['bench']} | {cell(r['what'])} | {cell(r['measured'])} | "
                     f"{cell(r['target'])} | {cell(r['baseline'])} | {verdict} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: check they run")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHES), default=None)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md",
                        help="also NAME.json, from which --only keeps the other lines")
    args = parser.parse_args()
    names = args.only or list(BENCHES)
    rows: list[dict] = []
    runs = []
    with tempfile.TemporaryDirectory(prefix="vizlou-bench-") as folder:
        for name in names:
            arguments = BENCHES[name][1 if args.smoke else 0]
            out = Path(folder) / f"{name}.jsonl"
            seconds, code, tail = run(name, arguments, out, args.smoke)
            runs.append((name, arguments, seconds, code, tail))
            if out.exists():
                rows += [json.loads(line) for line in out.read_text().splitlines()]
            if code:
                rows.append({"bench": name, "title": "", "what": "the benchmark itself",
                             "measured": f"failed (exit {code})", "target": "runs",
                             "met": False, "baseline": "", "note": tail})
    if args.only and not args.smoke:  # keep the other benchmarks' last figures
        kept = args.out.with_suffix(".json")
        if kept.exists():
            before = json.loads(kept.read_text())
            rows = [r for r in before["rows"] if r["bench"] not in names] + rows
            runs = [tuple(r) for r in before["runs"] if r[0] not in names] + runs
    order = {name: i for i, name in enumerate(BENCHES)}
    rows.sort(key=lambda r: order.get(r["bench"], len(order)))
    runs.sort(key=lambda r: order.get(r[0], len(order)))
    write_results(args.out, rows, runs, args.smoke)
    args.out.with_suffix(".json").write_text(json.dumps({"rows": rows, "runs": runs}, indent=1))
    print(f"\nwrote {args.out}")
    return 1 if any(code for *_, code, _ in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
