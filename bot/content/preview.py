"""`python -m bot content preview`: a static site showing what Kit says.

For content designers and teachers: every rule and story as a chat transcript
in each age band, every response with its three band variations side by side,
reporting routes highlighted and the content check's findings marked. The site
is plain HTML with one CSS file beside it: no script, no web fonts, no links
out, so it opens offline from a USB stick or a shared drive.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml
from ruamel.yaml import YAML

from bot import paths, scenarios
from bot.content import reading
from bot.content.check import Finding, all_findings, route_names
from bot.content.source import Text, response_texts
from bot.content.source import relative as source_relative
from bot.faq import FAQ_INTENT, faq_routes, faq_topic
from bot.ids import AGE_BANDS, RISK_INTENTS, RISK_NONE, TOPICS
from bot.routes import active_locale, first_reply_cut, load_locale, load_routes, routes_for

DEFAULT_OUT = paths.ROOT / "preview"
CSS_FILE = Path(__file__).with_name("preview.css")
DIALOGUE_FILES = (paths.DATA / "rules", paths.DATA / "stories", paths.ROOT / "tests" / "test_stories.yml")
PAGES = (("index.html", "Overview"), ("conversations.html", "Conversations"),
         ("responses.html", "Responses"), ("stories.html", "Lesson stories"), ("routes.html", "Routes"))
# What each custom action does, in a designer's words (actions/ has the code).
ACTION_LABELS = {
    "action_signpost": "Kit adds the reporting routes for this topic",
    "action_respond_to_risk": "Kit's safety reply: thanks, not your fault, routes, who will be told, 'Are you safe?'",
    "action_next_steps": "Kit gives the topic's next step and its routes",
    "action_answer_topic": "Kit's short first answer, a 'Tell me more' button and the topic's first routes "
                           "(the same topic again: its next steps; a first message between two topics: a question)",
    "action_tell_me_more": "Kit gives the rest of the topic's answer and all its routes",
    "action_follow_up": "Kit answers the follow-up question for this topic (data/follow_ups.yml)",
    "action_off_topic": "Kit says it cannot help with that; inside a topic it offers that topic's next steps",
    "action_show_capabilities": "Kit shows the topic buttons",
    "action_start_session": "Kit greets the pupil (or asks their age)",
    "action_kit_fallback": "Kit did not understand: topic buttons and Childline",
}
SHOWS_ROUTES = {"action_signpost", "action_respond_to_risk", "action_next_steps", "action_answer_topic",
                "action_tell_me_more", "action_follow_up"}
# The response an action sends before its routes, for the topic in play.
SAYS_FIRST = {"action_answer_topic": "utter_{topic}", "action_tell_me_more": "utter_{topic}_more"}


@dataclass
class Dialogue:
    """A rule or story from the Rasa data, as a designer reads it."""

    kind: str  # "rule" or "story"
    name: str
    file: str
    steps: List[dict] = field(default_factory=list)


def load_dialogues(files: Iterable[Path] = DIALOGUE_FILES) -> List[Dialogue]:
    """Rules and stories, read as Rasa reads them: YAML 1.2, so `rule: no`
    is the words "no", not false."""
    dialogues = []
    reader = YAML(typ="safe", pure=True)
    for path in files:
        for file in sorted(path.glob("*.yml")) if path.is_dir() else [path]:
            data = reader.load(file.read_text(encoding="utf-8")) or {}
            relative = str(file.relative_to(paths.ROOT))
            for kind in ("rule", "story"):
                for item in data.get("rules" if kind == "rule" else "stories", []) or []:
                    dialogues.append(Dialogue(kind, item[kind], relative, item.get("steps", [])))
    return dialogues


def first_examples() -> Dict[str, str]:
    """One training example per intent, to show what a pupil might type."""
    examples = {}
    for file in sorted((paths.DATA / "nlu").glob("*.yml")):
        for block in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("nlu", []):
            lines = [ln[2:].strip() for ln in str(block.get("examples", "")).splitlines() if ln.startswith("- ")]
            if "intent" in block and lines:
                examples.setdefault(block["intent"], lines[0])
    return examples


def e(text: str) -> str:
    return html.escape(str(text), quote=True)


def mark_routes(text: str, locale: str) -> str:
    """The text, escaped, with every route name, number or address marked."""
    words = sorted({w for r in load_routes(locale).values() for w in r.get("detect", [])}, key=len, reverse=True)
    escaped = e(text)
    if not words:
        return escaped
    pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(e(w)) for w in words) + r")(?![\w])", re.I)
    return pattern.sub(r'<mark class="route">\1</mark>', escaped)


class Site:
    """Renders the pages from the data once loaded."""

    def __init__(self, locale: Optional[str] = None, findings: Optional[List[Finding]] = None):
        self.locale = locale or active_locale()
        self.texts = response_texts()
        self.findings = all_findings() if findings is None else findings
        self.examples = first_examples()
        self.names = route_names()
        self.by_text: Dict[Tuple[str, Optional[str]], Text] = {(t.owner, t.band): t for t in self.texts}

    # ---------------------------------------------------------------- pieces
    def variation(self, name: str, band: str) -> Optional[Text]:
        return self.by_text.get((name, band)) or self.by_text.get((name, None))

    def findings_for(self, owner: str, band: Optional[str]) -> List[Finding]:
        return [f for f in self.findings if f.owner == owner and f.band in (band, None)]

    def findings_html(self, owner: str, band: Optional[str]) -> str:
        items = "".join(f'<li class="{f.level}"><b>{e(f.level)}</b> {e(f.rule)}: {e(f.fix)}</li>'
                        for f in self.findings_for(owner, band))
        return f'<ul class="findings">{items}</ul>' if items else ""

    def routes_block(self, route_ids: List[str], band: str) -> str:
        routes = load_routes(self.locale)
        lines = dict.fromkeys(routes[r]["say"].get(band) or next(iter(routes[r]["say"].values()))
                              for r in route_ids if r in routes)
        items = "".join(f"<li>{mark_routes(line, self.locale)}</li>" for line in lines)
        return f'<ul class="routes">{items}</ul>' if items else '<p class="note">(no routes)</p>'

    def bubble(self, who: str, body: str, extra: str = "") -> str:
        return f'<div class="msg {who}">{body}{extra}</div>'

    def kit_says(self, name: str, band: str) -> str:
        text = self.variation(name, band)
        if text is None:
            return self.bubble("kit missing", f"<code>{e(name)}</code> has no text for {e(band)}")
        buttons = "".join(f'<span class="button">{e(b)}</span>' for b in text.buttons)
        body = f'<span class="name">{e(name)}</span> {mark_routes(text.text, self.locale)}'
        return self.bubble("kit", body, (f'<div class="buttons">{buttons}</div>' if buttons else "")
                           + self.findings_html(name, band))

    def grade(self, text: Text) -> str:
        result = reading.score(text.text, self.names)
        return f"{result.words} words" + (f", reading grade {result.grade}" if result.grade is not None else ", too short to grade")

    # ---------------------------------------------------------------- pages
    def transcript(self, dialogue: Dialogue, band: str) -> str:
        topic, risk, faq, out = None, RISK_NONE, None, []
        for step in dialogue.steps:
            if "intent" in step or "user" in step:
                intent = step.get("intent", "")
                faq = intent.split("/", 1)[1] if intent.startswith(f"{FAQ_INTENT}/") else None
                topic = intent if intent in TOPICS else faq_topic(faq, topic) if faq else topic
                risk = next((level for level, name in RISK_INTENTS.items() if name == intent), risk)
                said = (step.get("user") or "").strip() or self.examples.get(intent, "")
                typed = f"“{e(said)}”" if said else "<i>(a button press or the web app)</i>"
                out.append(self.bubble("pupil", f'{typed} <span class="name">{e(intent)}</span>'))
            elif step.get("action") == f"utter_{FAQ_INTENT}":
                out.append(self.kit_says(f"utter_{FAQ_INTENT}/{faq}", band) if faq else self.bubble(
                    "kit action", f'<span class="name">utter_{FAQ_INTENT}</span> <i>the answer to the sub-question asked</i>'))
            elif str(step.get("action", "")).startswith("utter_"):
                out.append(self.kit_says(step["action"], band))
            elif "action" in step:
                action = step["action"]
                route_topic, extra = faq_routes(faq, topic, risk) if action == "action_signpost" else (topic, [])
                route_ids = routes_for(route_topic, risk, band, extra=extra, locale=self.locale)
                if action == "action_answer_topic":
                    route_ids = first_reply_cut(route_ids, risk)
                routes = self.routes_block(route_ids, band) if action in SHOWS_ROUTES else ""
                if action in SAYS_FIRST and topic:
                    out.append(self.kit_says(SAYS_FIRST[action].format(topic=topic), band))
                if action == "action_respond_to_risk":
                    routes = self.safety_reply(topic, risk, band, routes)
                label = ACTION_LABELS.get(action, "custom action")
                out.append(self.bubble("kit action", f'<span class="name">{e(action)}</span> <i>{e(label)}</i>{routes}'))
            else:
                out.append(self.bubble("note", f"<code>{e(yaml.safe_dump(step, default_flow_style=True).strip())}</code>"))
        return "".join(out)

    def safety_reply(self, topic: Optional[str], risk: str, band: str, routes: str) -> str:
        """The responses action_respond_to_risk sends, in its order (shown for
        a pupil in a class, where the safeguarding lead is told)."""
        # Imported here: the action package pulls in rasa_sdk, which only this
        # page needs.
        from actions.safety import OPENING

        risk = risk if risk in OPENING else "disclosure"
        urgent = f"utter_{topic}_urgent" if topic and risk != "self_harm" else None
        after = ([urgent] if urgent and self.variation(urgent, band) else []) + [
            "utter_confidentiality_class", "utter_ask_safe_now"]
        return (self.kit_says(OPENING[risk], band) + routes
                + "".join(self.kit_says(n, band) for n in after))

    def conversations(self) -> str:
        parts = []
        for number, dialogue in enumerate(load_dialogues(), 1):
            columns = "".join(f'<div class="band"><h4>{e(b)}</h4>{self.transcript(dialogue, b)}</div>' for b in AGE_BANDS)
            parts.append(f'<section id="d{number}"><h3>{e(dialogue.kind)}: {e(dialogue.name)}</h3>'
                         f'<p class="file">{e(dialogue.file)}</p><div class="bands">{columns}</div></section>')
        return "".join(parts)

    def responses(self) -> str:
        parts = []
        for name in dict.fromkeys(t.owner for t in self.texts):
            columns = []
            for band in AGE_BANDS:
                text = self.variation(name, band)
                where = f'<p class="file">{e(text.file)}:{text.line} · {self.grade(text)}</p>' if text else ""
                body = mark_routes(text.text, self.locale) if text else "<i>missing</i>"
                columns.append(f'<div class="band"><h4>{e(band)}</h4>{where}<p>{body}</p>{self.findings_html(name, band)}</div>')
            parts.append(f'<section id="{e(name)}"><h3>{e(name)}</h3>{self.findings_html(name, None)}'
                         f'<div class="bands">{"".join(columns)}</div></section>')
        return "".join(parts)

    def story_column(self, story: scenarios.Scenario, band: str) -> str:
        """One story as a pupil of `band` reads it: each step, its buttons, and Kit's feedback."""
        out = [f"<h4>{e(band)}: {e(scenarios.told(story.title, band, self.locale))}</h4>"]
        for step in story.steps.values():
            owner = f"scenario {story.id} step {step.id}"
            text = mark_routes(scenarios.told(step.text, band, self.locale) or "", self.locale)
            out.append(self.bubble("kit", f'<span class="name">{e(step.id)}</span> {text}', self.findings_html(owner, band)))
            for choice in step.choices:
                feedback = mark_routes(scenarios.told(choice.feedback, band, self.locale) or "", self.locale)
                out.append(self.bubble("pupil", f'<span class="button">{e(scenarios.told(choice.title, band, self.locale))}</span> '
                                                f'<span class="name">→ {e(choice.next)}</span>'))
                out.append(self.bubble("kit", feedback, self.findings_html(f"{owner} choice {choice.id} feedback", band)))
            if step.is_end:
                out.append(self.routes_block(list(step.routes), band))
        return "".join(out)

    def stories(self) -> str:
        parts = []
        for story in sorted(scenarios.load_scenarios().values(), key=lambda s: (TOPICS.index(s.topic), s.id)):
            columns = "".join(f'<div class="band">{self.story_column(story, b)}</div>' for b in story.bands)
            parts.append(f'<section id="story-{e(story.id)}"><h3>{e(story.topic)}: {e(story.id)}</h3>'
                         f'<p class="file">{e(source_relative(story.file))}</p><div class="bands">{columns}</div></section>')
        return "".join(parts) or "<p>No lesson stories yet (data/scenarios).</p>"

    def routes(self) -> str:
        pack = load_locale(self.locale)
        rows = "".join(
            f"<tr><td><code>{e(asked)}</code></td><td>{e(route['name'])}</td>"
            + "".join(f"<td>{mark_routes(route['say'].get(b, '—'), self.locale)}</td>" for b in AGE_BANDS) + "</tr>"
            for asked, route in load_routes(self.locale).items())
        head = "".join(f"<th>{e(b)}</th>" for b in AGE_BANDS)
        return (f"<p>Locale: <b>{e(pack['locale']['name'])}</b> (<code>KIT_LOCALE={e(self.locale)}</code>)</p>"
                f'<table class="routes-table"><tr><th>asked for</th><th>shown</th>{head}</tr>{rows}</table>')

    def index(self) -> str:
        errors = [f for f in self.findings if f.level == "error"]
        items = "".join(f'<li class="{f.level}">{e(str(f))}</li>' for f in self.findings)
        return (f"<p>{len(set(t.owner for t in self.texts))} responses, {len(load_dialogues())} rules and stories, "
                f"locale {e(self.locale)}.</p><p>Content check: <b>{len(errors)} errors</b>, "
                f"{len(self.findings) - len(errors)} warnings.</p><ul class=\"findings\">{items}</ul>")

    def page(self, title: str, body: str) -> str:
        nav = "".join(f'<a href="{file}">{e(label)}</a>' for file, label in PAGES)
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kit preview: {e(title)}</title>'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<link rel="stylesheet" href="preview.css"></head><body><nav>{nav}</nav>'
                f"<main><h1>{e(title)}</h1>{body}</main></body></html>")


def build(out: Path = DEFAULT_OUT, locale: Optional[str] = None, site: Optional[Site] = None) -> List[Path]:
    """Writes the site into `out`; returns the files written."""
    site = site or Site(locale)
    out.mkdir(parents=True, exist_ok=True)
    bodies = {"index.html": site.index, "conversations.html": site.conversations,
              "responses.html": site.responses, "stories.html": site.stories, "routes.html": site.routes}
    written = []
    for file, title in PAGES:
        (out / file).write_text(site.page(title, bodies[file]()), encoding="utf-8")
        written.append(out / file)
    (out / "preview.css").write_text(CSS_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    return written + [out / "preview.css"]


def main(out: Optional[str] = None, locale: Optional[str] = None) -> int:
    files = build(Path(out) if out else DEFAULT_OUT, locale)
    print(f"preview written to {files[0].parent}/index.html (open it in a browser)")
    return 0
