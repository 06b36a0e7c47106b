"""`python -m bot content check`: checks on what Kit says, in a designer's words.

Errors stop the test command; warnings do not. Each finding names the file,
the line, the response (or route) and age band, the rule, and how to fix it:

    ERROR domain.yml:212 utter_sextortion (11-13): reading grade 8.4, limit 6: Use shorter sentences ...
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional

import yaml

from bot import paths, scenarios
from bot.content import reading
from bot.content.blame import blame_hits
from bot.content.source import Text, follow_up_texts, key_lines, response_texts, route_texts
from bot.content.source import relative as source_relative
from bot.content import routes_table, written
from bot.faq import FAQ_INTENT, load_faqs
from bot.route_words import EMERGENCY, PLACEHOLDER, fill, hard_coded, missing
from bot.follow_ups import AGAIN, DEFAULT, FOLLOW_UP_KINDS
from bot.ids import AGE_BANDS, RISK_LEVELS, TOPICS
from bot.scenarios import Scenario
from bot.routes import (DEFAULT_LOCALE, active_locale, available_locales, first_reply_routes, load_locale,
                        load_topics, locale_file, locale_route, mentioned_routes, render_routes, routes_for,
                        substitutions, uk_routes)

# UK numbers: 999, 101, 85258, 116 123, 0800 1111, 0800 068 4141.
UK_PHONE = r"^(\d{3}|\d{5}|\d{3} \d{3}|0\d{3} \d{3,4}( \d{4})?|0800 \d{3} \d{4})$"
URL = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[\w./-]*)?$")

# Advice to keep evidence ("screenshot it", "keep it as proof") can reach a
# pupil whose evidence is a nude image, so it must come with the caveat: never
# screenshot, save, forward or show a nude of anyone under 18 (issue 20).
# "Don't screenshot it" and "can be screenshotted" are not advice.
EVIDENCE = re.compile(r"\bscreen ?shot|\bevidence\b|\bproof\b", re.IGNORECASE)
NOT_ADVICE = re.compile(r"\b(don't|do not|never|not|without)([^\w.!?]+\w+){0,5}?[^\w.!?]+screen ?shot\w*"
                        r"|\b(be|been|get) screen ?shotted", re.IGNORECASE)
NUDE_CAVEAT = re.compile(r"\b(never|don't|do not)\b[^.]*\b(nude|naked|no clothes|clothes on)", re.IGNORECASE)


@dataclass
class Finding:
    level: str  # "error" or "warning"
    where: str
    rule: str
    fix: str
    owner: Optional[str] = None  # response name or route id, for the preview
    band: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.level.upper()} {self.where}: {self.rule}: {self.fix}"


def _about(text: Text, level: str, rule: str, fix: str) -> Finding:
    return Finding(level, text.where, rule, fix, text.owner, text.band)


def route_names() -> List[str]:
    """Every service name in every locale: read as one word when scoring."""
    names = {r["name"] for r in uk_routes().values()}
    for locale in available_locales():
        names |= {r["name"] for r in load_locale(locale)["routes"].values()}
    return sorted(names)


def unsafe_evidence_advice(text: str) -> bool:
    """Advises a screenshot or keeping proof, without the nude-image caveat."""
    plain = text.replace("’", "'")
    return bool(EVIDENCE.search(NOT_ADVICE.sub("", plain))) and not NUDE_CAVEAT.search(plain)


def text_findings(texts: Iterable[Text]) -> List[Finding]:
    """Blame language, evidence advice and reading level of each text."""
    findings = []
    names = route_names()
    for text in texts:
        for pid, words, issue in blame_hits(fill(text.text, DEFAULT_LOCALE)):
            findings.append(_about(text, "error", f"blame-language pattern #{pid} '{words}' ({issue})",
                                   "Rephrase without blame: see CONTENT.md and brief section 4."))
        plain = fill(text.text, DEFAULT_LOCALE)
        if unsafe_evidence_advice(plain):
            findings.append(_about(text, "error", "advises a screenshot or proof with no warning about nude images",
                                   "Add: never screenshot, save, forward or show a nude or nearly-nude pic of anyone "
                                   "under 18, even as proof; save usernames, links and the messages around it instead."))
        if text.band:
            findings += [_about(text, level, rule, fix) for level, rule, fix in reading.problems(plain, text.band, names)]
    return findings


def check_responses(domain_file=None) -> List[Finding]:
    domain_file = domain_file or paths.DOMAIN_FILE
    texts = response_texts(domain_file)
    lines = key_lines(domain_file, "responses")
    findings = []
    for name, line in lines.items():
        bands = {t.band for t in texts if t.owner == name and t.band}
        if bands and bands != set(AGE_BANDS):
            missing = ", ".join(sorted(set(AGE_BANDS) - bands))
            findings.append(Finding("error", f"domain.yml:{line} {name}", f"no variation for age band {missing}",
                                    "Add one variation per band (copy a variation and change its value).", name))
    return findings + text_findings(texts)


def asked_for(domain_file=None) -> Dict[str, str]:
    """Every route id Kit may show, with the first place that asks for it."""
    places: Dict[str, str] = {}

    def ask(ids: Iterable[str], where: str) -> None:
        for route_id in ids:
            places.setdefault(route_id, where)

    topics = load_topics()
    for risk, ids in topics["risk_routes"].items():
        ask(ids if isinstance(ids, list) else sum(ids.values(), []), f"data/topics.yml risk_routes {risk}")
    for risk, ids in topics.get("no_topic_routes", {}).items():
        ask(ids, f"data/topics.yml no_topic_routes {risk}")
    for topic, spec in topics["topics"].items():
        for ids in spec.get("routes", {}).values():
            ask(ids if isinstance(ids, list) else sum(ids.values(), []), f"data/topics.yml {topic}")
        ask(spec.get("add_when_mentioned", {}), f"data/topics.yml {topic} add_when_mentioned")
    for name, spec in load_faqs().items():
        ask(spec.get("routes", []), f"data/faq_topics.yml {name}")
    screen = yaml.safe_load(paths.SCREEN_FILE.read_text(encoding="utf-8"))
    for rule in screen.get("patterns", []):
        ask(rule.get("routes", []), f"data/safety/screen.yml {rule['id']}")
    for text in response_texts(domain_file):
        ask(mentioned_routes(text.text, DEFAULT_LOCALE), text.where)
    return places


def _route_findings(locale: str) -> List[Finding]:
    """Phone numbers, addresses and `say` lines of one locale's own routes."""
    file = locale_file(locale)
    relative = source_relative(file)
    own = uk_routes() if locale == DEFAULT_LOCALE else load_locale(locale)["routes"]
    spec = load_locale(locale)["locale"]
    phone = re.compile(spec.get("phone_format", UK_PHONE))
    example = spec.get("phone_example", "0800 1111")
    lines = key_lines(file, "routes")
    findings = []
    for route_id, route in own.items():
        where = f"{relative}:{lines.get(route_id, '?')} {route_id}"
        if route.get("phone") and not phone.match(route["phone"]):
            findings.append(Finding("error", where, f"phone '{route['phone']}' is not a valid {spec['name']} number",
                                    f"Write it like {example}.", route_id))
        if route.get("url") and not URL.match(route["url"]):
            findings.append(Finding("error", where, f"url '{route['url']}' is not a valid https address",
                                    "Write the full address, starting https://", route_id))
        if not URL.match(route.get("source") or ""):
            problem = f"source '{route['source']}' is not a valid https address" if route.get("source") else "no source"
            findings.append(Finding("error", where, problem, "Add source: the organisation's page that states these "
                                    "facts, starting https://", route_id))
        for band in route.get("bands", AGE_BANDS):
            if band not in route.get("say", {}):
                findings.append(Finding("error", where, f"no 'say' line for age band {band}",
                                        "Add one under say:, or leave the band out of bands:.", route_id, band))
    return findings + text_findings(route_texts(file))


def _coverage_findings(locale: str, asked: Dict[str, str]) -> List[Finding]:
    """Every route asked for is covered; every topic and risk shows a route."""
    file = locale_file(locale)
    relative = source_relative(file)
    pack = load_locale(locale)
    mapping = substitutions(locale)
    lines = key_lines(file, "substitutes")
    findings = []
    for route_id, where in sorted(asked.items()):
        if route_id not in uk_routes():
            if locale == DEFAULT_LOCALE:
                findings.append(Finding("error", where, f"route '{route_id}' is not defined", "Add it to data/routes.yml."))
            continue
        if route_id not in mapping:
            findings.append(Finding(
                "error", relative, f"locale {locale} does not cover route '{route_id}' (asked for by {where})",
                f"Add '{route_id}' under keep:, or under substitutes: with this country's route (null if it has none).",
                route_id))
    for route_id, local_id in pack["substitutes"].items():
        if local_id and locale_route(locale, local_id) is None:
            findings.append(Finding("error", f"{relative}:{lines.get(route_id, '?')} substitutes",
                                    f"'{route_id}' is replaced by '{local_id}', which this locale does not define",
                                    "Add that route under routes:, or fix the id.", route_id))
    for risk in RISK_LEVELS:
        for band in AGE_BANDS:
            for topic in list(load_topics()["topics"]) + [None]:
                if (topic or risk != "none") and not routes_for(topic, risk, band, locale=locale):
                    findings.append(Finding(
                        "error", relative, f"locale {locale}: no route at all for topic {topic or '(none)'}, risk {risk}, age {band}",
                        "Every answer must show somewhere to get help: substitute a route instead of null.", None, band))
    return findings


def check_routes() -> List[Finding]:
    findings = []
    try:
        active_locale()
    except ValueError as error:
        findings.append(Finding("error", ".env / KIT_LOCALE", str(error), "Set KIT_LOCALE to one of the locale packs."))
    asked = asked_for()
    for locale in available_locales():
        findings += _route_findings(locale) + _coverage_findings(locale, asked)
    return findings


def scenario_texts(scenario: Scenario) -> List[Text]:
    """Every text of a story a pupil reads, once per band it is written for."""
    file = source_relative(scenario.file)
    pieces = [("title", scenario.title)]
    for step in scenario.steps.values():
        pieces.append((f"step {step.id}", step.text))
        for choice in step.choices:
            pieces += [(f"step {step.id} choice {choice.id} title", choice.title),
                       (f"step {step.id} choice {choice.id} feedback", choice.feedback)]
    texts = []
    for what, value in pieces:
        for band in scenario.bands:
            text = scenarios.for_band(value, band)
            if text:
                line = scenarios.line_of(text, scenarios.line_of(value))
                texts.append(Text(file, line, f"scenario {scenario.id} {what}", band, text))
    return texts


def check_scenarios(folder=None) -> List[Finding]:
    """Scenario files: structure (every path ends with routes), coverage of
    topics and bands, and the same blame and reading checks as responses."""
    findings, parsed = [], []
    for file in scenarios.scenario_files(folder):
        relative = source_relative(file)
        try:
            scenario, _ = scenarios.parse(file)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            findings.append(Finding("error", f"{relative}:{mark.line + 1 if mark else 1}", "not valid YAML",
                                    "Check the indentation and quotes around this line (CONTENT.md, Before you start)."))
            continue
        if scenario is None:
            findings.append(Finding("error", f"{relative}:1", "not a scenario", "Start from a copy of another scenario file."))
            continue
        problems = scenarios.structure_problems(scenario)
        findings += [Finding("error", f"{relative}:{line} {scenario.id}", rule, fix, scenario.id)
                     for line, rule, fix in problems]
        if not problems:
            parsed.append(scenario)
            findings += text_findings(scenario_texts(scenario))
    where = source_relative(folder or scenarios.SCENARIOS_DIR)
    findings += [Finding("error", where, rule, "Add a scenario file for it (CONTENT.md section 9).")
                 for rule in scenarios.coverage_problems(parsed)]
    return findings


def faq_names_in_nlu() -> Dict[str, str]:
    """faq/<name> blocks in data/nlu, with the file each is in."""
    names = {}
    for file in sorted((paths.DATA / "nlu").glob("*.yml")):
        for block in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("nlu", []):
            intent = block.get("intent") or ""
            if intent.startswith(f"{FAQ_INTENT}/"):
                names.setdefault(intent.split("/", 1)[1], source_relative(file))
    return names


def check_faqs(domain_file=None) -> List[Finding]:
    """Every sub-question has examples, an answer and a topic with routes."""
    domain_file = domain_file or paths.DOMAIN_FILE
    file = "data/faq_topics.yml"
    faqs = load_faqs()
    lines = key_lines(paths.FAQ_FILE, "faqs")
    in_nlu = faq_names_in_nlu()
    answered = {name.split("/", 1)[1] for name in key_lines(domain_file, "responses")
                if name.startswith(f"utter_{FAQ_INTENT}/")}
    findings = []
    for name in sorted(set(faqs) | set(in_nlu) | answered):
        where = f"{file}:{lines.get(name, '?')} {name}"
        if name not in faqs:
            findings.append(Finding("error", where, "sub-question has no entry",
                                    "Add it with its topic and routes (see CONTENT.md).", name))
            continue
        if name not in in_nlu:
            findings.append(Finding("error", where, "no examples", f"Add an `intent: {FAQ_INTENT}/{name}` block to data/nlu/faq.yml.", name))
        if name not in answered:
            findings.append(Finding("error", where, "no answer", f"Add `utter_{FAQ_INTENT}/{name}` to domain.yml, one variation per band.", name))
        spec = faqs[name]
        if spec.get("topic") not in TOPICS:
            findings.append(Finding("error", where, f"topic '{spec.get('topic')}' is not a topic id",
                                    f"Use one of: {', '.join(TOPICS)}.", name))
        if not spec.get("routes"):
            findings.append(Finding("error", where, "no routes", "List the routes that help with this question.", name))
    return findings


def words(text: str) -> int:
    return len(re.findall(r"[\w'’]+", text))


def check_first_replies(domain_file=None) -> List[Finding]:
    """A topic's first answer, as the pupil sees it (utter_<topic> and the
    routes shown with it), fits the band's `first_reply_words`; the rest is
    in utter_<topic>_more, one tap away."""
    domain_file = domain_file or paths.DOMAIN_FILE
    limit = {band: rules.get("first_reply_words") for band, rules in reading.limits()["bands"].items()}
    texts = {(t.owner, t.band): t for t in response_texts(domain_file)}
    lines = key_lines(domain_file, "responses")
    findings = []
    for topic in TOPICS:
        if f"utter_{topic}_more" not in lines:
            findings.append(Finding("error", f"domain.yml {topic}", f"no utter_{topic}_more",
                                    "Add the rest of the topic's answer, shown after 'Tell me more'.", topic))
        for band in AGE_BANDS:
            text = texts.get((f"utter_{topic}", band))
            if text is None or not limit.get(band):
                continue
            routes = render_routes(first_reply_routes(topic, band), band)
            size = words(text.text) + words(routes)
            if size > limit[band]:
                findings.append(_about(text, "error", f"first answer is {size} words with its routes, limit {limit[band]}",
                                       f"Move detail to utter_{topic}_more (shown after 'Tell me more')."))
    return findings


def check_follow_ups(file=None) -> List[Finding]:
    """Every follow-up answers every band, has a default, and reads well."""
    file = file or paths.FOLLOW_UPS_FILE
    texts = follow_up_texts(file)
    relative = source_relative(file)
    findings = []
    owners = list(dict.fromkeys(t.owner for t in texts))
    for owner in owners:
        bands = {t.band for t in texts if t.owner == owner}
        if bands != set(AGE_BANDS):
            missing = ", ".join(sorted(set(AGE_BANDS) - bands)) or "none"
            findings.append(Finding("error", f"{relative} {owner}", f"bands missing: {missing}; unknown: "
                                    f"{', '.join(sorted(bands - set(AGE_BANDS))) or 'none'}",
                                    'Give one text per band: {"8-10": "...", "11-13": "...", "14-18": "..."}.', owner))
    kinds = {owner.split(":")[0] for owner in owners}
    for kind in [*FOLLOW_UP_KINDS, AGAIN]:
        if f"{kind}:{DEFAULT}" not in owners:
            findings.append(Finding("error", relative, f"no default answer for '{kind}'" if kind in kinds
                                    else f"no answers for '{kind}'", f"Add `{kind}: default:` with three bands.", kind))
    for owner in owners:
        kind, entry = owner.split(":", 1)
        if kind not in ("already_did",) and entry != DEFAULT and entry not in TOPICS:
            findings.append(Finding("error", f"{relative} {owner}", f"'{entry}' is not a topic id",
                                    f"Use one of: {', '.join(TOPICS)}.", owner))
    return findings + text_findings(texts)


def _named_itself(text: Text, locales: Iterable[str], placeholders: bool = True) -> List[Finding]:
    """The services `text` names itself that some locale replaces, and the
    {route} placeholders some locale has no service for."""
    findings, named, unfilled = [], {}, {}
    for locale in locales:
        for name in hard_coded(text.text, locale):
            named.setdefault(name, []).append(locale)
        for key in missing(text.text, locale) if placeholders else []:
            unfilled.setdefault(key, []).append(locale)
    for name, where in named.items():
        findings.append(_about(text, "error", f"names '{name}' itself, which locale {', '.join(where)} does not have",
                               "Write the route's id in braces instead ({childline}, {ceop}, {report_remove}, "
                               "{emergency_number}...): Kit fills in each country's own service (CONTENT.md)."))
    for key, where in unfilled.items():
        findings.append(_about(text, "error", f"{{{key}}} names no service in locale {', '.join(where)}",
                               "Use a route id that every locale covers, or say it in words that are true everywhere."))
    return findings


def check_hard_coded() -> List[Finding]:
    """No service name or number written into anything a pupil or teacher
    reads, in any locale: responses, follow-ups, lesson stories, the actions'
    strings and the pages as served (issue 20)."""
    locales = available_locales()
    findings = []
    for text in response_texts():
        findings += _named_itself(text, locales)
        extra = [key for key in PLACEHOLDER.findall(text.text) if key != EMERGENCY]
        if extra:
            findings.append(_about(text, "error", f"{{{extra[0]}}} in a response",
                                   "Responses only take {emergency_number}; the routes are added after them."))
    content = follow_up_texts(paths.FOLLOW_UPS_FILE)
    content += [t for story in scenarios.load_scenarios().values() for t in scenario_texts(story)]
    for text in content:
        findings += _named_itself(text, locales)
    for text in written.code_strings():  # str.format fields, not services
        findings += _named_itself(text, locales, placeholders=False)
    for locale in locales:
        for text in written.served_pages(locale):
            findings += _named_itself(text, [locale], placeholders=False)
    return findings


def check_routes_table() -> List[Finding]:
    if routes_table.stale():
        return [Finding("error", "CONTENT.md", "the table of routes per locale does not match the routes data",
                        "Run `python -m bot content routes-table` to rewrite it.")]
    return []


def all_findings() -> List[Finding]:
    return (check_responses() + check_faqs() + check_routes() + check_scenarios() + check_follow_ups()
            + check_first_replies() + check_hard_coded() + check_routes_table())


def report(findings: List[Finding], out=sys.stdout) -> int:
    """Prints errors first, then warnings, then a summary; the exit status."""
    errors = [f for f in findings if f.level == "error"]
    for finding in errors + [f for f in findings if f.level != "error"]:
        print(finding, file=out)
    print(f"content check: {len(errors)} errors, {len(findings) - len(errors)} warnings"
          f"{' (errors stop the test command)' if errors else ''}", file=out)
    return 1 if errors else 0


def main() -> int:
    return report(all_findings())


if __name__ == "__main__":
    sys.exit(main())
