"""`python -m bot teacher add|reset|disable|enable|dsl EMAIL` and `python -m bot purge`."""
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


def add_teacher_command(settings: Settings, email: str, is_admin: bool, is_dsl: bool = False) -> str:
    from bot.store.teachers import add_teacher

    teacher = add_teacher(settings.database_url, email, read_password(), is_admin, is_dsl)
    roles = ["school admin (sees every class)" if teacher.is_admin else "teacher"]
    if teacher.is_dsl:
        roles.append("designated safeguarding lead (gets every class's alerts)")
    return f"added {teacher.email} as a {' and '.join(roles)}. They sign in at /teacher/login"


def reset_command(settings: Settings, email: str) -> str:
    from bot.store.account_care import reset_password

    done = reset_password(settings.database_url, email, read_password())
    return f"new password set for {done}; they are signed out everywhere"


def disable_command(settings: Settings, email: str, disabled: bool) -> str:
    from bot.store.account_care import set_disabled

    done = set_disabled(settings.database_url, email, disabled)
    if disabled:
        return f"disabled {done}: they cannot sign in and are signed out everywhere (their classes stay)"
    return f"enabled {done}: they can sign in again"


def dsl_command(settings: Settings, email: str, remove: bool) -> str:
    from bot.store.account_care import set_dsl

    done = set_dsl(settings.database_url, email, not remove)
    return f"{done} is no longer a designated safeguarding lead" if remove else f"{done} is now a designated safeguarding lead"


def teacher_command(settings: Settings, args) -> int:
    from bot.store.teachers import AccountError

    actions = {
        "add": lambda: add_teacher_command(settings, args.email, args.admin, args.dsl),
        "reset": lambda: reset_command(settings, args.email),
        "disable": lambda: disable_command(settings, args.email, True),
        "enable": lambda: disable_command(settings, args.email, False),
        "dsl": lambda: dsl_command(settings, args.email, args.remove),
    }
    try:
        print(f"kit: {actions[args.action]()}")
    except (AccountError, ValueError) as error:
        print(f"kit: {error}", file=sys.stderr)
        return 1
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
