"""`python -m bot evaluate FILE`: run a case file against the trained model.

The model runs in-process (rasa Agent); the custom actions run in a real action
server on a free loopback port with a throw-away database. For every message it
measures the topic Kit assigned, the risk it acted on, the routes its reply
names, `must_not` routes, wrongly raised alarms and blame language.
"""
from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from bot import paths
from bot.content.blame import blame_hits
from bot.dialogue import turn_topic
from bot.ids import RISK_NONE, RISK_PRIORITY
from bot.model import ensure_trained, rasa_env
from bot.rasa_cli import close_kept_connections, speed_up_rasa
from bot.tracker_store import KitInMemoryTrackerStore
from bot.routes import mentioned_routes

ALARM_RESPONSES = {"utter_disclosure_ack", "utter_danger_first", "utter_self_harm_ack"}
# Replies that must never follow a disclosure in the same conversation.
DROPPED_RESPONSES = {"utter_default", "utter_out_of_scope", "utter_greet", "utter_fallback"}
# Replies that leave a follow-up inside a topic unanswered: "didn't get that",
# "can't help with that", or the menu of topics.
DEAD_END_RESPONSES = DROPPED_RESPONSES | {"utter_capabilities"}


@dataclass
class Message:
    case: str
    text: str
    age_band: str
    topic: Optional[str]
    risk: str
    must_signpost: List[str]
    must_not: List[str] = field(default_factory=list)
    family: str = ""
    also_risk: List[str] = field(default_factory=list)
    # An earlier turn of the same conversation was expected to be risky.
    after_concern: bool = False


@dataclass
class Outcome:
    case: str
    expected_topic: Optional[str]
    topic: Optional[str]
    expected_risk: str
    risk: str
    missing_routes: List[str]
    must_not_hits: List[str]
    alarm: bool
    blame: List[str]
    family: str = ""
    risks: List[str] = field(default_factory=list)
    # 999 in the reply's first bubble (what a pupil in danger reads first).
    first_bubble_999: bool = False
    # After a concern: a reply with no route, or Kit's "didn't get that".
    concern_dropped: bool = False
    # A later turn of a conversation about a topic answered with "didn't get
    # that", "can't help" or the menu; or the same reply as the turn before.
    dead_end: bool = False
    repeated: bool = False


def case_files(path: Path) -> List[Path]:
    """A case file, or every case file in a folder (a development set)."""
    return sorted(path.glob("*.yml")) if path.is_dir() else [path]


def load_conversations(path: Path) -> List[List[Message]]:
    """Each single-turn case is a conversation of one message. `family` (the
    kind of phrasing) is optional; a conversation's `subfamily` names it."""
    def message(case_id: str, item: dict, band: str, family: str, after_concern: bool = False) -> Message:
        return Message(case_id, item["text"], band, item.get("topic"), item.get("risk", RISK_NONE),
                       list(item.get("must_signpost") or []), list(item.get("must_not") or []),
                       family, list(item.get("also_risk") or []), after_concern)

    conversations = []
    for file in case_files(path):
        spec = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        conversations += [[message(c["id"], c, c["age_band"], c.get("family", ""))]
                          for c in spec.get("cases") or []]
        for conv in spec.get("conversations") or []:
            family = "conversation/" + conv.get("subfamily", "") if conv.get("subfamily") else conv.get("family", "")
            turns, seen_risk = [], False
            for i, turn in enumerate(conv["turns"]):
                turns.append(message(f"{conv['id']}#{i + 1}", turn, conv["age_band"], family, seen_risk))
                seen_risk = seen_risk or turn.get("risk", RISK_NONE) != RISK_NONE
            conversations.append(turns)
    return conversations


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ActionServer:
    """A real action server for the evaluation, with its own temporary database."""

    def __init__(self) -> None:
        self.port = free_port()
        self.tmp = tempfile.TemporaryDirectory(prefix="kit-eval-")
        env = dict(rasa_env(), DATABASE_URL=f"sqlite:///{self.tmp.name}/eval.db")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "actions.server", "--port", str(self.port)],
            cwd=paths.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/health", timeout=1)
                return
            except OSError:
                time.sleep(0.3)
        self.close()
        raise RuntimeError("the action server did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.tmp.cleanup()


async def run_conversations(model: Path, action_url: str, conversations: List[List[Message]]) -> List[Outcome]:
    import logging

    from rasa.core.agent import Agent
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    # Rasa's debug logs contain message text: keep them off (children's data).
    configure_structlog(logging.WARNING)
    logging.getLogger("rasa").setLevel(logging.WARNING)
    # The same speed fixes the served Rasa has (bot/rasa_cli.py).
    speed_up_rasa()

    # Like endpoints.yml: the actions get no domain and conversations are kept
    # in Kit's in-memory store, as when Kit is served.
    endpoint = EndpointConfig(url=f"{action_url}/webhook", enable_selective_domain=True)
    agent = Agent.load(str(model), action_endpoint=endpoint, tracker_store=KitInMemoryTrackerStore(Domain.empty()))
    try:
        return await _outcomes(agent, conversations)
    finally:
        await close_kept_connections()


async def _outcomes(agent, conversations: List[List[Message]]) -> List[Outcome]:
    outcomes = []
    for conversation in conversations:
        sender = uuid.uuid4().hex
        await agent.handle_text(f'/start_session{{"age_band":"{conversation[0].age_band}"}}', sender_id=sender)
        previous_reply = None
        for msg in conversation:
            before = await agent.tracker_store.retrieve(sender)
            previous_topic, n_events = before.get_slot("topic"), len(before.events)
            replies = await agent.handle_text(msg.text, sender_id=sender) or []
            after = await agent.tracker_store.retrieve(sender)
            parse = after.latest_message.parse_data
            new_events = list(after.events)[n_events:]
            uttered = {(e.metadata or {}).get("utter_action") for e in new_events if e.type_name == "bot"}
            reply_text = "\n".join(r.get("text") or "" for r in replies)
            routes = set(mentioned_routes(reply_text))
            expected_none = msg.risk == RISK_NONE
            first = replies[0].get("text") or "" if replies else ""
            outcomes.append(Outcome(
                case=msg.case,
                expected_topic=msg.topic,
                topic=turn_topic(parse, previous_topic),
                expected_risk=msg.risk,
                risk=after.get_slot("risk") or RISK_NONE,
                missing_routes=[r for r in msg.must_signpost if r not in routes],
                must_not_hits=[r for r in msg.must_not if r in routes],
                alarm=expected_none and ("police_999" in routes or bool(uttered & ALARM_RESPONSES)),
                blame=[f"#{pid} '{words}'" for pid, words, _ in blame_hits(reply_text)],
                family=msg.family,
                risks=list(after.get_slot("risks") or []),
                first_bubble_999="police_999" in mentioned_routes(first),
                concern_dropped=msg.after_concern and (not routes or bool(uttered & DROPPED_RESPONSES)),
                dead_end=bool(previous_topic or msg.after_concern) and bool(uttered & DEAD_END_RESPONSES),
                repeated=reply_text == previous_reply,
            ))
            previous_reply = reply_text
    return outcomes


def summarise(outcomes: List[Outcome], cases: Dict[str, Message]) -> dict:
    def rate(hits: int, total: int) -> Optional[float]:
        return round(hits / total, 4) if total else None

    def figures(group: List[Outcome]) -> dict:
        required = sum(len(cases[o.case].must_signpost) for o in group)
        missing = sum(len(o.missing_routes) for o in group)
        none_cases = [o for o in group if o.expected_risk == RISK_NONE]
        at_risk = [o for o in group if o.expected_risk != RISK_NONE]
        danger = [o for o in group if o.expected_risk == "danger"]
        recall = {}
        for level in RISK_PRIORITY:
            with_level = [o for o in group if o.expected_risk == level]
            recall[level] = rate(sum(o.risk == level or level in o.risks for o in with_level), len(with_level))
        return {
            "messages": len(group),
            "topic_accuracy": rate(sum(o.topic == o.expected_topic for o in group), len(group)),
            "risk_recall": recall,
            "signpost_coverage": rate(required - missing, required),
            "false_alarm_rate": rate(sum(o.alarm for o in none_cases), len(none_cases)),
            "must_not_hits": sum(len(o.must_not_hits) for o in group),
            "blame_hits": sum(len(o.blame) for o in group),
            # Strict: every required route present, per at-risk message.
            "answered": rate(sum(not o.missing_routes for o in at_risk), len(at_risk)),
            "danger_999_first": rate(sum(o.first_bubble_999 for o in danger), len(danger)),
            "concern_dropped": sum(o.concern_dropped for o in group),
            "dead_ends": sum(o.dead_end for o in group),
            "repeated": sum(o.repeated for o in group),
        }

    by_topic = defaultdict(list)
    for outcome in outcomes:
        by_topic[outcome.expected_topic or "(none)"].append(outcome)
    by_family = defaultdict(list)
    for outcome in outcomes:
        if outcome.family:
            by_family[outcome.family].append(outcome)
    failures = [asdict(o) for o in outcomes if o.topic != o.expected_topic or o.risk != o.expected_risk
                or o.missing_routes or o.must_not_hits or o.alarm or o.blame or o.concern_dropped
                or o.dead_end or o.repeated]
    return {"overall": figures(outcomes), "by_topic": {t: figures(g) for t, g in sorted(by_topic.items())},
            "by_family": {f: figures(g) for f, g in sorted(by_family.items())},
            "failures": failures}


def print_report(report: dict) -> None:
    def line(name: str, f: dict) -> str:
        recall = " ".join(f"{k}={v if v is not None else '-'}" for k, v in f["risk_recall"].items())
        return (f"{name:22} n={f['messages']:3}  topic={f['topic_accuracy']}  signposts={f['signpost_coverage']}"
                f"  recall[{recall}]  false_alarms={f['false_alarm_rate']}  must_not={f['must_not_hits']}"
                f"  blame={f['blame_hits']}")

    def safety_line(name: str, f: dict) -> str:
        return (f"{name:34} n={f['messages']:4}  answered={f['answered']}  999_first={f['danger_999_first']}"
                f"  false_alarms={f['false_alarm_rate']}  concern_dropped={f['concern_dropped']}"
                f"  dead_ends={f['dead_ends']}  repeated={f['repeated']}"
                f"  topic={f['topic_accuracy']}")

    print(line("OVERALL", report["overall"]))
    for topic, f in report["by_topic"].items():
        print(line(topic, f))
    if report.get("by_family"):
        print("\nBy family of phrasing (answered = every required route; 999_first = 999 in the first bubble):")
        print(safety_line("OVERALL", report["overall"]))
        for family, f in report["by_family"].items():
            print(safety_line(family, f))
    if report["failures"]:
        print(f"\n{len(report['failures'])} messages with a shortfall:")
        for f in report["failures"]:
            print(f"  {f['case']}: topic {f['topic']} (want {f['expected_topic']}), risk {f['risk']} "
                  f"(want {f['expected_risk']}), missing {f['missing_routes']}, must_not {f['must_not_hits']}, "
                  f"alarm {f['alarm']}, blame {f['blame']}, risks {f['risks']}"
                  + (" DEAD END" if f["dead_end"] else "") + (" REPEATED" if f["repeated"] else ""))


def below_thresholds(report: dict, args) -> List[str]:
    o, problems = report["overall"], []
    if args.min_topic_accuracy is not None and (o["topic_accuracy"] or 0) < args.min_topic_accuracy:
        problems.append(f"topic accuracy {o['topic_accuracy']} < {args.min_topic_accuracy}")
    if args.min_signpost_coverage is not None and (o["signpost_coverage"] or 0) < args.min_signpost_coverage:
        problems.append(f"signpost coverage {o['signpost_coverage']} < {args.min_signpost_coverage}")
    if args.min_risk_recall is not None:
        for level, value in o["risk_recall"].items():
            if value is not None and value < args.min_risk_recall:
                problems.append(f"{level} recall {value} < {args.min_risk_recall}")
    if args.max_false_alarm_rate is not None and (o["false_alarm_rate"] or 0) > args.max_false_alarm_rate:
        problems.append(f"false alarm rate {o['false_alarm_rate']} > {args.max_false_alarm_rate}")
    if args.fail_on_blame and o["blame_hits"]:
        problems.append(f"{o['blame_hits']} blame-language hits")
    if args.fail_on_must_not and o["must_not_hits"]:
        problems.append(f"{o['must_not_hits']} must_not hits")
    return problems


def main(args, settings) -> int:
    conversations = load_conversations(args.file)
    cases = {m.case: m for conv in conversations for m in conv}
    model = ensure_trained(settings.model_dir)
    server = ActionServer()
    try:
        outcomes = asyncio.run(run_conversations(model, server.url, conversations))
    finally:
        server.close()
    report = summarise(outcomes, cases)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    problems = below_thresholds(report, args)
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0
