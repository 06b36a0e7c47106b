"""`python -m bot teacher add EMAIL [--admin]` and `python -m bot purge`."""
from __future__ import annotations

import datetime as dt
import getpass
import sys

from bot.settings import Settings


def read_password() -> str:
    """Typed twice at a terminal; otherwise the first line of stdin (for scripts)."""
    if sys.stdin.isatty():
        password = getpass.getpass("Password (at least 12 characters): ")
        if getpass.getpass("Password again: ") != password:
            raise ValueError("The two passwords are different.")
        return password
    return sys.stdin.readline().rstrip("\r\n")


def add_teacher_command(settings: Settings, email: str, is_admin: bool) -> int:
    from bot.store.teachers import AccountError, add_teacher

    try:
        teacher = add_teacher(settings.database_url, email, read_password(), is_admin)
    except (AccountError, ValueError) as error:
        print(f"kit: {error}", file=sys.stderr)
        return 1
    role = "school admin (sees every class)" if teacher.is_admin else "teacher"
    print(f"kit: added {teacher.email} as a {role}. They sign in at /teacher/login")
    return 0


def purge_command(settings: Settings) -> int:
    from bot.store.retention import purge

    deleted = purge(
        settings.database_url,
        settings.retention_days,
        dt.timedelta(minutes=settings.teacher_idle_minutes),
        dt.timedelta(hours=settings.teacher_session_hours),
    )
    summary = ", ".join(f"{count} {table}" for table, count in deleted.items())
    print(f"kit: purge (older than {settings.retention_days} days) deleted {summary}")
    return 0
