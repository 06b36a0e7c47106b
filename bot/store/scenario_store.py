"""Lesson stories in the database: the story a teacher started for a class, and
one anonymous row per choice (class, story, step, choice, hour; no session, no text).
A teacher sees the choices as counts per calendar week (bot/store/periods.py
says why weeks and only weeks), with a step's counts hidden whenever one of
them is small (bot/store/story_suppression.py)."""
from __future__ import annotations

from typing import Dict, List, Optional

from sqlalchemy import func, select

from bot import scenarios
from bot.store.clock import utc_now
from bot.store.db import session_for
from bot.store.models import ClassScenario, ScenarioChoice
from bot.store.periods import Week
from bot.store.story_suppression import choice_steps, hidden_steps

# A count at a step that shows none (the dashboard says why under the step).
NOT_SHOWN = "not shown"


def start_class_scenario(url: str, class_id: int, scenario_id: str) -> None:
    with session_for(url) as session, session.begin():
        found = session.get(ClassScenario, class_id)
        if found is None:
            session.add(ClassScenario(class_id=class_id, scenario=scenario_id, started_at=utc_now()))
        else:
            found.scenario, found.started_at = scenario_id, utc_now()


def stop_class_scenario(url: str, class_id: int) -> None:
    with session_for(url) as session, session.begin():
        found = session.get(ClassScenario, class_id)
        if found is not None:
            session.delete(found)


def class_scenario(url: str, class_id: int) -> Optional[str]:
    with session_for(url) as session:
        found = session.get(ClassScenario, class_id)
        return found.scenario if found else None


def record_choice(url: str, class_id: Optional[int], scenario_id: str, step: str, choice: str) -> None:
    hour = utc_now().replace(minute=0, second=0, microsecond=0)
    with session_for(url) as session, session.begin():
        session.add(ScenarioChoice(class_id=class_id, scenario=scenario_id, step=step, choice=choice, hour=hour))


def _in_week(class_id: int, story_id: str, week: Week):
    return (ScenarioChoice.class_id == class_id, ScenarioChoice.scenario == story_id,
            ScenarioChoice.hour >= week.start, ScenarioChoice.hour < week.end)


def choice_counts(url: str, class_id: int, story: scenarios.Scenario, band: str, week: Optional[Week],
                  threshold: int) -> List[Dict]:
    """Every choice step of the story in order, each choice with its count in
    one calendar week (none without a week). A step with a choice made fewer
    than `threshold` times shows no count at all, `hidden` (why, and why that
    is enough: bot/store/story_suppression.py)."""
    counts = {}
    if week is not None:
        query = (
            select(ScenarioChoice.step, ScenarioChoice.choice, func.count())
            .where(*_in_week(class_id, story.id, week))
            .group_by(ScenarioChoice.step, ScenarioChoice.choice)
        )
        with session_for(url) as session:
            counts = {(step, choice): n for step, choice, n in session.execute(query).all()}
    hidden = hidden_steps(story, counts, threshold)
    steps = []
    for step in choice_steps(story):
        rows = []
        for choice in step.choices:
            count = None if step.id in hidden else counts.get((step.id, choice.id), 0)
            rows.append({"choice": choice.id, "title": scenarios.for_band(choice.title, band), "count": count,
                         "display": NOT_SHOWN if count is None else str(count)})
        steps.append({"step": step.id, "text": scenarios.for_band(step.text, band), "hidden": step.id in hidden,
                      "choices": rows})
    return steps


def story_played(url: str, class_id: int, story_id: str, week: Optional[Week]) -> bool:
    """Whether the class made any choice in the story in the week, so "not
    played" reads apart from "played by a few" (whose counts are all
    suppressed); no count is given away."""
    if week is None:
        return False
    with session_for(url) as session:
        query = select(ScenarioChoice.id).where(*_in_week(class_id, story_id, week)).limit(1)
        return session.execute(query).first() is not None
