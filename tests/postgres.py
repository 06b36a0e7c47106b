"""A throw-away PostgreSQL cluster for tests: Debian's postgresql package, a
temporary data directory, 127.0.0.1 on a free port, gone afterwards.

initdb refuses to run as root, so as root the cluster runs as the `postgres`
user the package creates.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from typing import List

from tests.stack import free_port


def postgres_bin() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed: scripts/test.sh installs Debian's postgresql package "
            "(apt-get install postgresql) when run as root."
        )
    return os.path.dirname(found[-1])


def as_owner(command: List[str]) -> List[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class PostgresCluster:
    bin_dir: str
    data_dir: str
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://kit@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg2

        connection = psycopg2.connect(self.url())
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(as_owner([f"{self.bin_dir}/pg_ctl", "-D", self.data_dir, "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(os.path.dirname(self.data_dir), ignore_errors=True)


def start_cluster() -> PostgresCluster:
    bin_dir = postgres_bin()
    root = tempfile.mkdtemp(prefix="kit-pg-")
    data_dir = os.path.join(root, "data")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    run = lambda *cmd: subprocess.run(as_owner(list(cmd)), capture_output=True, text=True, timeout=120, check=True)  # noqa: E731
    run(f"{bin_dir}/initdb", "-D", data_dir, "-U", "kit", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} -c fsync=off"
    run(f"{bin_dir}/pg_ctl", "-D", data_dir, "-l", os.path.join(root, "log"), "-o", options, "-w", "start")
    cluster = PostgresCluster(bin_dir, data_dir, port)
    deadline = time.monotonic() + 30
    while subprocess.run([f"{bin_dir}/pg_isready", "-h", "127.0.0.1", "-p", str(port)], capture_output=True).returncode:
        if time.monotonic() > deadline:
            cluster.stop()
            raise RuntimeError("PostgreSQL did not start")
        time.sleep(0.2)
    return cluster
