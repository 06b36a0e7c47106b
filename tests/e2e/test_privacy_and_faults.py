"""No chat text on disk or in logs; and a route to help when parts fail.

Uses its own stack with its own PostgreSQL for analytics, because the fault
tests stop its parts and its database (the launcher's restart delay is set
long, so a part stays down while we check).
"""
from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

import pytest

from bot import paths
from bot.routes import mentioned_routes
from tests.services import PostgresServer
from tests.stack import get, start_stack
from tests.teacher.server import signed_in_teacher


@pytest.fixture(scope="module")
def database():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def own_stack(trained_model, database, tmp_path_factory, mailbox):
    running = start_stack(tmp_path_factory.mktemp("faults"),
                          {"KIT_RESTART_DELAY": "600", "DATABASE_URL": database.url, **mailbox.settings()})
    yield running
    running.stop()


def files_written_since(roots, since: float):
    skip = {".git", ".venv", "node_modules", "__pycache__"}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in skip]
            for name in files:
                path = Path(folder) / name
                try:
                    if path.stat().st_mtime >= since and path.stat().st_size < 200_000_000:
                        yield path
                except OSError:
                    continue


def test_a_canary_sent_through_every_path_is_written_nowhere(own_stack, database, mailbox):
    started = time.time() - 1
    canary = f"zebra{uuid.uuid4().hex}quokka"
    dsl = signed_in_teacher(own_stack.url, database.url, is_dsl=True)  # the DSL's queue and email too
    session, _ = own_stack.start_session("11-13")
    own_stack.chat(session, f"hello {canary}")
    own_stack.chat(session, f"someone online keeps asking me for nudes {canary}")
    own_stack.chat(session, "/safe_unsure")
    own_stack.chat(session, f"/{canary}")
    own_stack.chat(session, f"i want to kill myself {canary}")
    own_stack.chat(session, "x" * 1001 + canary)
    roots = [own_stack.workdir, paths.ROOT, Path("/tmp"), Path.home()]
    leaks = [p for p in files_written_since(roots, started) if canary.encode() in p.read_bytes()]
    assert leaks == []
    assert canary not in (own_stack.workdir / "stack.log").read_text(errors="replace")
    queue = dsl.get("/api/teacher/alerts")
    assert "self_harm" in {a["category"] for a in queue.json()["alerts"]}
    email = mailbox.wait_for(dsl.identity.email, 15).message.as_string()
    for seen in (queue.text, email):
        assert canary not in seen and "nudes" not in seen and "kill" not in seen


def analytics_lost(stack) -> int:
    status, _, body = get(stack.url + "/healthz")
    assert status == 200, body  # the database is not a part the chat needs
    return json.loads(body)["analytics_lost"]


def test_with_the_database_down_chat_goes_on_and_lost_analytics_are_counted(own_stack, database):
    canary = f"okapi{uuid.uuid4().hex}tapir"
    session, _ = own_stack.start_session("11-13")
    assert own_stack.chat(session, "how do i make my account private")[0] == 200
    lost_before = analytics_lost(own_stack)
    database.pause()
    try:
        status, body = own_stack.chat(session, f"someone online keeps asking me for nudes {canary}")
        routes = mentioned_routes("\n".join(r["text"] for r in body["replies"]))
        assert status == 200 and "ceop" in routes, body
        status, body = own_stack.chat(session, "how do i block someone on instagram")
        assert status == 200 and body["replies"]
        assert analytics_lost(own_stack) >= lost_before + 2
    finally:
        database.resume()
    lost_after = analytics_lost(own_stack)
    assert own_stack.chat(session, "how do i make my account private")[0] == 200
    assert analytics_lost(own_stack) == lost_after  # writing again once the database is back
    log = (own_stack.workdir / "stack.log").read_text(errors="replace")
    assert "analytics event lost" in log and canary not in log


def expect_emergency_help(stack, text):
    session, _ = stack.start_session("11-13")
    status, body = stack.chat(session, text)
    assert status == 200
    routes = mentioned_routes("\n".join(r["text"] for r in body["replies"]))
    assert {"childline", "police_999"} <= set(routes), body


def test_with_the_action_server_down_a_child_still_gets_childline_and_999(own_stack):
    own_stack.kill_part("actions.server")
    time.sleep(1)
    expect_emergency_help(own_stack, "a man online keeps asking me for pics in my underwear")
    expect_emergency_help(own_stack, "hello")
    status, _, body = get(own_stack.url + "/healthz")
    assert status == 503 and json.loads(body)["parts"]["actions"] == "down"


def test_with_rasa_down_a_child_still_gets_childline_and_999(own_stack):
    own_stack.kill_part("bot.rasa_cli run")
    time.sleep(1)
    expect_emergency_help(own_stack, "i dont wanna be here anymore")
    status, _, body = get(own_stack.url + "/healthz")
    assert status == 503 and json.loads(body)["parts"]["rasa"] == "down"


def test_stopping_the_launcher_leaves_no_orphans(own_stack):
    children = own_stack.child_pids()
    own_stack.stop()
    time.sleep(1)
    alive = [pid for pid in children if Path(f"/proc/{pid}").exists()
             and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()]
    assert alive == []
