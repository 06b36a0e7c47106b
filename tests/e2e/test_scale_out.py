"""Two Kit replicas sharing real Redis and PostgreSQL, as in a scaled deployment.

Each replica is a launcher with its own action server, Rasa and web app; both
use deploy/endpoints.scale.yml (RedisTrackerStore with record_exp, RedisLockStore),
the Redis session store and one PostgreSQL analytics database. Web replica A
talks only to Rasa A, web replica B only to Rasa B. One conversation alternates
between them and keeps its state; then replica A is killed outright
mid-conversation and the conversation goes on at B with nothing lost.
"""
from __future__ import annotations

import json
import os
import signal
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.stack import routes_in, start_stack

TRACKER_EXPIRY = 900
DISCLOSURE = "someone online keeps asking me for pictures with no clothes on"


@pytest.fixture(scope="module")
def replicas(trained_model, redis_server, postgres_server, tmp_path_factory):
    env = dict(redis_server.env, KIT_SESSION_STORE="redis", KIT_RASA_ENDPOINTS="deploy/endpoints.scale.yml",
               KIT_TRACKER_EXPIRY_SECONDS=str(TRACKER_EXPIRY), DATABASE_URL=postgres_server.url,
               KIT_RESTART_DELAY="600",
               # One Rasa process per replica: the replicas share state through Redis.
               KIT_RASA_WORKERS="1")
    with ThreadPoolExecutor(2) as pool:
        started = list(pool.map(lambda name: start_stack(tmp_path_factory.mktemp(name), env), ["replica_a", "replica_b"]))
    yield started
    for replica in started:
        replica.stop()


def user_turns_in_redis(redis, session: str) -> int:
    stored = json.loads(redis.cli("GET", f"kit:tracker:{session}"))
    return sum(1 for event in stored["events"] if event["event"] == "user")


def topic_events(database_url: str) -> int:
    with create_engine(database_url).connect() as connection:
        return connection.execute(text("select count(*) from topic_events")).scalar()


def test_a_conversation_alternating_between_replicas_keeps_its_state(replicas, redis_server):
    a, b = replicas
    assert a.rasa_port != b.rasa_port and a.web_port != b.web_port
    session, _ = a.start_session("8-10")  # issued by web A, known to web B through Redis
    status, body = b.chat(session, DISCLOSURE)
    assert status == 200 and "ceop" in routes_in(body), body
    status, body = a.chat(session, "/safe_yes")  # the answer to B's safety question, at A
    assert status == 200, body
    assert "ceop" in routes_in(body), "replica A did not continue the disclosure handled by B"
    control, _ = a.start_session("8-10")
    status, fresh = a.chat(control, "/safe_yes")  # the same button in a new conversation
    assert status == 200 and "ceop" not in routes_in(fresh), fresh
    assert user_turns_in_redis(redis_server, session) == 3  # start, disclosure, answer
    ttl = int(redis_server.cli("TTL", f"kit:tracker:{session}"))
    assert 0 < ttl <= TRACKER_EXPIRY  # record_exp: the conversation expires by itself
    assert int(redis_server.cli("TTL", f"kit:session:{session}")) > 0


CONVERSATION = ["people keep leaving mean comments on everything i post", "what should i do about it",
                DISCLOSURE, "/safe_yes"]


def converse(first, rest, session, before_rest=lambda: None) -> list:
    """The CONVERSATION's first turn at replica `first`, the others at `rest`."""
    bodies = [first.chat(session, CONVERSATION[0])]
    before_rest()
    bodies += [rest.chat(session, text) for text in CONVERSATION[1:]]
    assert all(status == 200 and body["replies"] for status, body in bodies), bodies
    return [body for _, body in bodies]


def analytics_written_by(database_url: str, run) -> int:
    before = topic_events(database_url)
    run()
    return topic_events(database_url) - before


def kill_replica(replica) -> None:
    """The whole replica (launcher, action server, Rasa, web app), without warning."""
    for pid in replica.child_pids() + [replica.process.pid]:
        os.kill(pid, signal.SIGKILL)
    replica.process.wait(timeout=30)


def test_killing_a_replica_mid_conversation_loses_nothing(replicas, redis_server, postgres_server):
    a, b = replicas
    reference, _ = b.start_session("14-18")
    expected = analytics_written_by(postgres_server.url, lambda: converse(b, b, reference))
    assert expected >= 3
    session, _ = b.start_session("14-18")
    bodies = []
    written = analytics_written_by(
        postgres_server.url, lambda: bodies.extend(converse(a, b, session, before_rest=lambda: kill_replica(a))))
    assert "platform_report" in routes_in(bodies[0])
    assert "ceop" in routes_in(bodies[2]) and "ceop" in routes_in(bodies[3])  # the disclosure's routes carried on
    assert written == expected  # every analytics event, none lost with replica A
    assert user_turns_in_redis(redis_server, session) == user_turns_in_redis(redis_server, reference) == 5


def test_a_canary_stays_in_memory_only_and_expires(replicas, redis_server, postgres_server):
    """Redis holds the conversation (in memory, with an expiry); no file of Redis,
    PostgreSQL or either replica holds the words."""
    b = replicas[1]
    canary = f"narwhal{uuid.uuid4().hex}pangolin"
    session, _ = b.start_session("11-13")
    assert b.chat(session, f"someone keeps messaging me {canary}")[0] == 200
    assert canary in redis_server.cli("GET", f"kit:tracker:{session}")  # where it is meant to be
    assert 0 < int(redis_server.cli("TTL", f"kit:tracker:{session}")) <= TRACKER_EXPIRY
    assert redis_server.cli("CONFIG", "GET", "save").splitlines()[1:] in ([""], [])
    assert redis_server.cli("CONFIG", "GET", "appendonly").splitlines()[1:] == ["no"]
    roots = [redis_server.dir, postgres_server.dir] + [replica.workdir for replica in replicas]
    leaks = [path for root in roots for path in Path(root).rglob("*")
             if path.is_file() and canary.encode() in path.read_bytes()]
    assert leaks == []
    for replica in replicas:  # secrets come from the environment and stay out of logs
        log = (replica.workdir / "stack.log").read_text(errors="replace")
        assert redis_server.password not in log and postgres_server.password not in log
