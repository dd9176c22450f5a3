"""A throwaway PostgreSQL + PostGIS cluster for tests and benchmarks.

It lives in a fresh temporary directory owned by the ``postgres`` user (initdb
refuses to run as root), listens on 127.0.0.1 on a free port, and is removed
when stopped. Nothing here depends on a service left running on the machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN_CANDIDATES = [Path("/usr/lib/postgresql") / v / "bin" for v in ("17", "16", "15")]
INSTALL_HINT = (
    "PostgreSQL with PostGIS is not installed; install the Debian packages "
    "postgresql-15 and postgresql-15-postgis-3 (as .ci/run does)"
)


def find_pg_bin() -> Path | None:
    """The directory holding initdb and pg_ctl, if PostgreSQL and PostGIS are installed."""
    for candidate in PG_BIN_CANDIDATES:
        if (candidate / "initdb").exists():
            version = candidate.parent.name
            if Path(f"/usr/share/postgresql/{version}/extension/postgis.control").exists():
                return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgisCluster:
    """Start with :meth:`start`, stop with :meth:`stop` (or use as a context manager)."""

    def __init__(self, pg_bin: Path, *, durable: bool = False, in_memory: bool = False) -> None:
        """``durable``: commits survive a crash (fsync and synchronous commits on), for tests
        that crash the server; otherwise speed wins, as a throwaway cluster allows.
        ``in_memory``: the data directory on a memory file system (``/dev/shm``) where the
        machine has one. The server is the same; only its files live in memory. On a virtual
        disk, creating a database from a template took 400-600 ms (the file system, not
        PostgreSQL: 25-30 ms in memory), and the tests create one per test."""
        self.pg_bin = pg_bin
        self.durable = durable
        self.in_memory = in_memory
        self.port = free_port()
        self.dir: Path | None = None
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.pg_bin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True)

    def start(self) -> PostgisCluster:
        self.dir = Path(tempfile.mkdtemp(prefix="vizlou-pg-", dir=self._parent()))
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        data = self.dir / "data"
        self._run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-sync")
        speed = "" if self.durable else \
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} {speed}"
                   "-c max_connections=200 -c shared_buffers=256MB")
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.dir / "log"),
                  "-w", "start")
        self._wait()
        return self

    def _parent(self) -> str | None:
        """Where the data directory goes: the system's temporary folder, or memory if asked
        and the machine has a writable memory file system."""
        shm = Path("/dev/shm")
        if self.in_memory and shm.is_dir() and os.access(shm, os.W_OK | os.X_OK):
            return str(shm)
        return None

    def _wait(self) -> None:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            time.sleep(0.05)
        raise RuntimeError(f"PostgreSQL did not start on port {self.port}")

    def restart(self, mode: str = "fast") -> None:
        """Stop and start again on the same port and data (for restart-in-the-middle tests):
        ``fast`` ends every connection and shuts down cleanly, ``immediate`` is a crash."""
        data = str(self.dir / "data")
        # -l: the restarted server writes to the log file, not to a pipe of ours (which it
        # would hold open, so that waiting for pg_ctl's output would never end).
        self._run("pg_ctl", "-D", data, "-m", mode, "-l", str(self.dir / "log"), "-w",
                  "restart")
        self._wait()

    def stop(self) -> None:
        if self.dir is None:
            return
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop",
                  check=False)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement in autocommit mode as the superuser (CREATE DATABASE and such)."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, name: str, template: str | None = None) -> str:
        # FILE_COPY: a copy of the template's files, faster than WAL_LOG for small databases.
        tmpl = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self.admin(f'CREATE DATABASE "{name}"{tmpl}')
        if template is None:
            import psycopg

            with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname={name}",
                                 autocommit=True) as conn:
                conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def __enter__(self) -> PostgisCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
