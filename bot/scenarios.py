"""Lesson scenarios: short branching stories as data (data/scenarios/<id>.yml).

A scenario file (CONTENT.md section 9 explains it for designers):

    id: free_skins              # the file name without .yml
    topic: gaming               # a topic id from DESIGN.md
    bands: ["8-10"]             # age bands it is written for
    title: "..."                # text: one string for all its bands, or one per band
    start: gift                 # the first step
    steps:
      gift:
        text: "..."
        choices:
          - id: tell_adult
            title: "..."        # the button
            next: move_app      # the step after this choice
            feedback: "..."     # Kit's answer to the choice: warmth and facts, no blame
      the_end:
        text: "..."
        routes: [trusted_adult, childline]   # a step without choices ends the story

The loader keeps the line of every text so the content check can say
"data/scenarios/free_skins.yml:12". `problems()` finds what would break a story
(unknown steps, dead ends, loops, missing bands); the content check adds
reading level and blame language.
"""
from __future__ import annotations

import functools
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import yaml

from bot import paths
from bot.ids import AGE_BANDS, TOPICS
from bot.route_words import fill
from bot.routes import offered_to, uk_routes

logger = logging.getLogger(__name__)
SCENARIOS_DIR = paths.DATA / "scenarios"
ID = re.compile(r"^[a-z0-9_]{1,40}$")
MIN_PER_TOPIC = 2

START_PAYLOAD = re.compile(r'^/scenario_start\{"scenario":"([a-z0-9_]{1,40})"\}$')
CHOICE_PAYLOAD = re.compile(
    r'^/scenario_choice\{"scenario":"([a-z0-9_]{1,40})","step":"([a-z0-9_]{1,40})","choice":"([a-z0-9_]{1,40})"\}$'
)


class Line(str):
    """A string from a scenario file that knows its line."""

    line = 0


class _Loader(yaml.SafeLoader):
    pass


def _string(loader: yaml.SafeLoader, node: yaml.Node) -> Line:
    value = Line(loader.construct_scalar(node))
    value.line = node.start_mark.line + 1
    return value


_Loader.add_constructor("tag:yaml.org,2002:str", _string)


def line_of(value, default: int = 1) -> int:
    return getattr(value, "line", default) or default


@dataclass(frozen=True)
class Choice:
    id: str
    title: object  # str or {band: str}
    next: str
    feedback: object


@dataclass(frozen=True)
class Step:
    id: str
    text: object
    choices: Tuple[Choice, ...]
    routes: Tuple[str, ...]

    @property
    def is_end(self) -> bool:
        return not self.choices


@dataclass(frozen=True)
class Scenario:
    id: str
    file: Path
    topic: str
    bands: Tuple[str, ...]
    title: object
    start: str
    steps: Dict[str, Step]

    def step(self, step_id: str) -> Optional[Step]:
        return self.steps.get(step_id)

    def choice(self, step_id: str, choice_id: str) -> Optional[Choice]:
        step = self.steps.get(step_id)
        return next((c for c in step.choices if c.id == choice_id), None) if step else None


def for_band(value, band: str) -> Optional[str]:
    """A text written once for all bands, or per band."""
    if isinstance(value, dict):
        return value.get(band)
    return value if isinstance(value, str) else None


def told(value, band: str, locale: Optional[str] = None) -> Optional[str]:
    """A text as the pupil reads it: the band's, with the locale's services
    filled in ("{childline}" is Kids Helpline in Australia)."""
    return fill(for_band(value, band), locale)


def _choice(raw) -> Choice:
    raw = raw if isinstance(raw, dict) else {}
    return Choice(raw.get("id", ""), raw.get("title"), raw.get("next", ""), raw.get("feedback"))


def parse(file: Path) -> Tuple[Optional[Scenario], object]:
    """The scenario in a file (None if it is not a mapping), and the raw data."""
    raw = yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(raw, dict):
        return None, raw
    steps = {}
    for step_id, step in (raw.get("steps") or {}).items():
        step = step if isinstance(step, dict) else {}
        choices = tuple(_choice(c) for c in (step.get("choices") or []))
        steps[step_id] = Step(step_id, step.get("text"), choices, tuple(step.get("routes") or ()))
    bands = raw.get("bands") or ()
    scenario = Scenario(
        id=raw.get("id", ""), file=file, topic=raw.get("topic", ""),
        bands=tuple(bands) if isinstance(bands, list) else (), title=raw.get("title"),
        start=raw.get("start", ""), steps=steps,
    )
    return scenario, raw


def scenario_files(folder: Optional[Path] = None) -> List[Path]:
    folder = folder or SCENARIOS_DIR
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


@functools.lru_cache(maxsize=None)
def load_scenarios(folder: Optional[Path] = None) -> Dict[str, Scenario]:
    """Every well-formed scenario by id (the content check reports the rest)."""
    found = {}
    for file in scenario_files(folder):
        try:
            scenario, _ = parse(file)
        except yaml.YAMLError:
            logger.error("scenario file %s is not valid YAML: skipped (run the content check)", file.name)
            continue
        if scenario is not None and not structure_problems(scenario):
            found[scenario.id] = scenario
    return found


def get(scenario_id: str) -> Optional[Scenario]:
    return load_scenarios().get(scenario_id) if isinstance(scenario_id, str) else None


def for_age_band(band: str) -> List[Scenario]:
    """Scenarios written for a band, by topic order then title."""
    order = {topic: i for i, topic in enumerate(TOPICS)}
    chosen = [s for s in load_scenarios().values() if band in s.bands]
    return sorted(chosen, key=lambda s: (order.get(s.topic, 99), str(for_band(s.title, band)), s.id))


def start_payload(scenario_id: str) -> str:
    return "/scenario_start" + json.dumps({"scenario": scenario_id}, separators=(",", ":"))


def choice_payload(scenario_id: str, step_id: str, choice_id: str) -> str:
    body = {"scenario": scenario_id, "step": step_id, "choice": choice_id}
    return "/scenario_choice" + json.dumps(body, separators=(",", ":"))


def valid_payload(text: str) -> bool:
    """A scenario button payload naming a real scenario, step and choice."""
    start = START_PAYLOAD.match(text)
    if start:
        return get(start.group(1)) is not None
    choice = CHOICE_PAYLOAD.match(text)
    if choice:
        scenario = get(choice.group(1))
        return scenario is not None and scenario.choice(choice.group(2), choice.group(3)) is not None
    return False


# ------------------------------------------------------------------ checks

Problem = Tuple[int, str, str]  # line, what is wrong, how to fix it


def _texts_missing(value, bands, what: str, line: int) -> Iterator[Problem]:
    for band in bands:
        if not (for_band(value, band) or "").strip():
            yield line_of(value, line), f"{what} has no text for age band {band}", \
                "Write one text for all the story's bands, or one under each band."


def structure_problems(scenario: Scenario) -> List[Problem]:
    """What would stop the story working, each with its line."""
    problems: List[Problem] = []
    if scenario.id != scenario.file.stem or not ID.match(scenario.id):
        problems.append((line_of(scenario.id), f"id '{scenario.id}' must be the file name ({scenario.file.stem})",
                         "Use lower-case letters, digits and _; the same as the file name."))
    if scenario.topic not in TOPICS:
        problems.append((line_of(scenario.topic), f"unknown topic '{scenario.topic}'", f"Use one of: {', '.join(TOPICS)}."))
    if not scenario.bands or any(b not in AGE_BANDS for b in scenario.bands):
        problems.append((1, f"bands {list(scenario.bands)} are not age bands", "Use a list of 8-10, 11-13, 14-18."))
    problems += _texts_missing(scenario.title, scenario.bands, "title", 1)
    if scenario.start not in scenario.steps:
        problems.append((line_of(scenario.start), f"start step '{scenario.start}' does not exist", "Name one of the steps."))
    for step in scenario.steps.values():
        problems += _step_problems(scenario, step)
    problems += _path_problems(scenario)
    return problems


def _step_problems(scenario: Scenario, step: Step) -> List[Problem]:
    problems: List[Problem] = list(_texts_missing(step.text, scenario.bands, f"step '{step.id}'", line_of(step.id)))
    if not ID.match(step.id):
        problems.append((line_of(step.id), f"step id '{step.id}' has characters that cannot be used", "Use a-z, 0-9 and _."))
    seen = set()
    for choice in step.choices:
        where = line_of(choice.id, line_of(step.id))
        if not ID.match(choice.id) or choice.id in seen:
            problems.append((where, f"choice id '{choice.id}' in step '{step.id}' is missing, repeated or has odd characters",
                             "Give each choice its own id of a-z, 0-9 and _."))
        seen.add(choice.id)
        if choice.next not in scenario.steps:
            problems.append((line_of(choice.next, where), f"choice '{choice.id}' goes to step '{choice.next}', which does not exist",
                             "Set next: to one of the steps."))
        problems += _texts_missing(choice.title, scenario.bands, f"choice '{choice.id}' title", where)
        problems += _texts_missing(choice.feedback, scenario.bands, f"choice '{choice.id}' feedback", where)
    if step.is_end:
        for route_id in step.routes:
            if route_id not in uk_routes():
                problems.append((line_of(route_id, line_of(step.id)), f"route '{route_id}' is not defined",
                                 "Use a route id from data/routes.yml."))
        for band in scenario.bands:
            if not [r for r in step.routes if r in uk_routes() and offered_to(r, band, "uk")]:
                problems.append((line_of(step.id), f"end step '{step.id}' shows no route to help for age band {band}",
                                 "Add routes: (e.g. [trusted_adult, childline]) so every story ends with where to get help."))
    return problems


def _path_problems(scenario: Scenario) -> List[Problem]:
    """Every step is reachable and every path from the start reaches an end (no loops)."""
    if scenario.start not in scenario.steps:
        return []
    problems: List[Problem] = []
    reached, looped = set(), set()

    def walk(step_id: str, path: Tuple[str, ...]) -> None:
        if step_id not in scenario.steps:
            return
        if step_id in path:
            looped.add(step_id)
            return
        reached.add(step_id)
        for choice in scenario.steps[step_id].choices:
            walk(choice.next, path + (step_id,))

    walk(scenario.start, ())
    for step_id in sorted(looped):
        problems.append((line_of(step_id), f"the story can loop back to step '{step_id}'",
                         "Every choice must move the story on towards an end step."))
    for step_id in sorted(set(scenario.steps) - reached):
        problems.append((line_of(step_id), f"step '{step_id}' cannot be reached from the start",
                         "Point a choice's next: at it, or remove it."))
    return problems


def paths_through(scenario: Scenario) -> List[List[Tuple[str, str]]]:
    """Every route through a story as (step, choice) pairs, ending at an end step."""
    found: List[List[Tuple[str, str]]] = []

    def walk(step_id: str, path: List[Tuple[str, str]]) -> None:
        step = scenario.steps[step_id]
        if step.is_end:
            found.append(path + [(step_id, "")])
            return
        for choice in step.choices:
            walk(choice.next, path + [(step_id, choice.id)])

    walk(scenario.start, [])
    return found


def coverage_problems(scenarios: List[Scenario]) -> List[str]:
    """At least two scenarios per topic, and one per topic for every band."""
    problems = []
    for topic in TOPICS:
        of_topic = [s for s in scenarios if s.topic == topic]
        if len(of_topic) < MIN_PER_TOPIC:
            problems.append(f"topic {topic} has {len(of_topic)} scenarios, at least {MIN_PER_TOPIC} are needed")
        for band in AGE_BANDS:
            if not any(band in s.bands for s in of_topic):
                problems.append(f"topic {topic} has no scenario for age band {band}")
    return problems
