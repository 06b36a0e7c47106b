"""Real Redis and PostgreSQL servers for tests, on 127.0.0.1 free ports in temp dirs.

Both are Debian packages (scripts/services.sh installs them when missing). Each
server gets a random password, keeps nothing after the test, and Redis never
persists (no dump.rdb: trackers hold children's words). Use the fixtures
`redis_server` and `postgres_server`, or the classes for a server a test stops.
"""
from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import List, Optional

import pytest

from tests.stack import free_port


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise RuntimeError(f"{name} is not installed: run scripts/services.sh (Debian packages)")
    return found


class RedisServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.password = secrets.token_urlsafe(16)
        self.dir = Path(tempfile.mkdtemp(prefix="kit-redis-"))
        self.process: Optional[subprocess.Popen] = None

    @property
    def env(self) -> dict:
        return {"KIT_REDIS_HOST": "127.0.0.1", "KIT_REDIS_PORT": str(self.port),
                "KIT_REDIS_PASSWORD": self.password, "KIT_REDIS_DB": "0"}

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [_binary("redis-server"), "--bind", "127.0.0.1", "--port", str(self.port),
             "--requirepass", self.password, "--save", "", "--appendonly", "no",
             "--dir", str(self.dir), "--protected-mode", "yes"],
            stdout=open(self.dir / "redis.log", "wb"), stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.cli("PING") == "PONG":
                return self
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def cli(self, *args: str) -> str:
        """A command through redis-cli (REDISCLI_AUTH keeps the password off the command line)."""
        result = subprocess.run([_binary("redis-cli"), "-p", str(self.port), "--no-auth-warning", *args],
                                capture_output=True, text=True, env=dict(os.environ, REDISCLI_AUTH=self.password))
        return result.stdout.strip()

    def keys(self, pattern: str = "*") -> List[str]:
        return [k for k in self.cli("--scan", "--pattern", pattern).splitlines() if k]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresServer:
    """initdb + pg_ctl as the `postgres` user when run as root (initdb refuses root)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.password = secrets.token_urlsafe(16)
        self.dir = Path(tempfile.mkdtemp(prefix="kit-pg-"))
        self.data = self.dir / "data"

    @property
    def url(self) -> str:
        return self.database_url("kit")

    def database_url(self, name: str) -> str:
        return f"postgresql://kit:{self.password}@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        """A new empty database on this server; returns its URL."""
        self._run(_binary("createdb"), "-h", str(self.dir), "-p", str(self.port), "-U", "kit", name)
        return self.database_url(name)

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        env = dict(os.environ, PGPASSWORD=self.password)
        subprocess.run(prefix + list(command), check=True, capture_output=True, cwd=self.dir, env=env)

    def start(self) -> "PostgresServer":
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        self._run(_binary("initdb"), "-D", str(self.data), "-U", "kit", "--auth=scram-sha-256",
                  f"--pwfile={pwfile}", "--no-sync")
        pwfile.unlink()
        self.resume()
        self._run(_binary("createdb"), "-h", str(self.dir), "-p", str(self.port), "-U", "kit", "kit")
        return self

    def resume(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "pg.log"), "-w", "start")

    def pause(self) -> None:
        """Stop the server but keep its data: the database is 'unavailable'."""
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        try:
            self.pause()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer().start()
    yield server
    server.stop()
