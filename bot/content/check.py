"""`python -m bot content check`: checks on what Kit says, in a designer's words.

Errors stop the test command; warnings do not. Each finding names the file,
the line, the response and age band, the rule, and how to fix it.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import List

import yaml

from bot import paths
from bot.content.blame import blame_hits
from bot.ids import AGE_BANDS
from bot.routes import load_routes, load_topics

PHONE = re.compile(r"^(\d{3}|\d{5}|\d{3} \d{3}|0\d{3} \d{3,4}( \d{4})?|0800 \d{3} \d{4})$")
URL = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[\w./-]*)?$")


@dataclass
class Finding:
    level: str  # "error" or "warning"
    where: str
    rule: str
    fix: str

    def __str__(self) -> str:
        return f"{self.level.upper()} {self.where}: {self.rule}. {self.fix}"


def response_lines() -> dict:
    """Line number of each response name in domain.yml."""
    lines = {}
    for number, line in enumerate(paths.DOMAIN_FILE.read_text().splitlines(), 1):
        match = re.match(r"^  (utter_\w+):", line)
        if match:
            lines[match.group(1)] = number
    return lines


def check_responses() -> List[Finding]:
    findings = []
    responses = yaml.safe_load(paths.DOMAIN_FILE.read_text())["responses"]
    lines = response_lines()
    for name, variations in responses.items():
        where = f"domain.yml:{lines.get(name, '?')} {name}"
        bands = {c["value"] for v in variations for c in v.get("condition", []) if c.get("name") == "age_band"}
        if bands and bands != set(AGE_BANDS):
            missing = ", ".join(sorted(set(AGE_BANDS) - bands))
            findings.append(Finding("error", where, f"no variation for age band {missing}", "Add one variation per band."))
        for variation in variations:
            band = next((c["value"] for c in variation.get("condition", []) if c.get("name") == "age_band"), "all bands")
            for pid, words, issue in blame_hits(variation.get("text", "")):
                findings.append(Finding("error", f"{where} ({band})", f"blame-language pattern #{pid} '{words}' ({issue})",
                                        "Rephrase without blame: see brief section 4."))
    return findings


def check_routes() -> List[Finding]:
    findings = []
    routes = load_routes()
    for route_id, route in routes.items():
        where = f"data/routes.yml {route_id}"
        if route.get("phone") and not PHONE.match(route["phone"]):
            findings.append(Finding("error", where, f"phone '{route['phone']}' is not a valid UK number", "Use the format 0800 1111."))
        if route.get("url") and not URL.match(route["url"]):
            findings.append(Finding("error", where, f"url '{route['url']}' is not a valid https address", "Use https://..."))
        for band in route.get("bands", AGE_BANDS):
            if band not in route.get("say", {}):
                findings.append(Finding("error", where, f"no 'say' line for age band {band}", "Add one."))
    topics = load_topics()
    used = [r for t in topics["topics"].values() for lst in t.get("routes", {}).values() for r in lst]
    used += [r for v in topics["risk_routes"].values() for r in (v if isinstance(v, list) else sum(v.values(), []))]
    for route_id in set(used) - set(routes):
        findings.append(Finding("error", "data/topics.yml", f"route '{route_id}' is not defined", "Add it to data/routes.yml."))
    return findings


def main() -> int:
    findings = check_responses() + check_routes()
    for finding in findings:
        print(finding)
    errors = sum(f.level == "error" for f in findings)
    print(f"content check: {errors} errors, {len(findings) - errors} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
