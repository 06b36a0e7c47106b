"""The custom actions record a pupil's turn on either database as ids and
counts only: a canary in the message text is stored nowhere."""
from __future__ import annotations

import uuid

from sqlalchemy import MetaData, select

from actions.safety import ActionRespondToRisk
from actions.signpost import ActionSignpost
from bot.store.classes import create_class
from bot.store.db import engine_for
from bot.store.teachers import add_teacher
from tests.actions.test_actions import run, tracker
from tests.teacher.server import PASSWORD


async def test_no_chat_text_reaches_the_database(empty_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", empty_database)
    teacher = add_teacher(empty_database, "privacy@school.example", PASSWORD)
    class_id = create_class(empty_database, teacher, "9P", "11-13").id
    canary = f"zebra{uuid.uuid4().hex}quokka"
    await run(ActionSignpost(), tracker("gaming", {"topic": "gaming", "risk": "none"}, metadata={"class_id": class_id},
                                        text=f"someone in my game keeps messaging me {canary}"))
    await run(ActionRespondToRisk(), tracker("risk_disclosure", {"topic": "grooming", "risk": "disclosure"},
                                             metadata={"class_id": class_id}, text=f"he asked for photos {canary}"))
    engine = engine_for(empty_database)
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        stored = {name: [row._asdict() for row in connection.execute(select(table))] for name, table in tables.tables.items()}
    assert [(e["class_id"], e["topic"], e["risk"], e["age_band"]) for e in stored["topic_events"]] == [
        (class_id, "gaming", "none", "11-13"), (class_id, "grooming", "disclosure", "11-13")]
    assert [(a["class_id"], a["category"]) for a in stored["safeguarding_alerts"]] == [(class_id, "grooming")]
    assert canary not in repr(stored) and "photos" not in repr(stored) and "messaging" not in repr(stored)
    engine.dispose()
