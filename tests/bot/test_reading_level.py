"""The reading-level rule, as a content designer meets it in `make check`."""
from __future__ import annotations

import io

from bot.content import check, reading

HARD = ("Notwithstanding considerable organisational complexities, safeguarding professionals "
        "systematically investigate communications demonstrating inappropriate solicitation.")
DOMAIN = """version: "3.1"
responses:
  utter_easy:
  - condition:
    - type: slot
      name: age_band
      value: "8-10"
    text: "Thank you for telling me. You are not in trouble. A grown-up you trust can help you."
  - condition:
    - type: slot
      name: age_band
      value: "11-13"
    text: "Thanks for telling me. You're not in trouble, and an adult you trust can help you sort it out."
  - condition:
    - type: slot
      name: age_band
      value: "14-18"
    text: "%s"
""" % HARD


def test_a_too_hard_response_is_an_error_naming_file_line_response_and_band(tmp_path):
    domain = tmp_path / "domain.yml"
    domain.write_text(DOMAIN)
    findings = check.check_responses(domain)
    errors = [str(f) for f in findings if f.level == "error"]
    assert len(errors) == 1, errors
    # the 14-18 text is on line 18 of the file above
    assert f"{domain}:18 utter_easy (14-18): reading grade" in errors[0]
    assert "limit 8" in errors[0] and "shorter sentences" in errors[0]


def test_errors_fail_the_check_and_warnings_do_not():
    out = io.StringIO()
    warning = check.Finding("warning", "domain.yml:1 utter_x (8-10)", "reading grade 2.8, close to the limit 3", "Fine.")
    assert check.report([warning], out) == 0
    error = check.Finding("error", "domain.yml:1 utter_x (8-10)", "reading grade 4.1, limit 3", "Shorter.")
    assert check.report([warning, error], out) == 1
    lines = out.getvalue().splitlines()
    assert lines[-2].startswith("WARNING") and lines[-3].startswith("ERROR")  # errors listed first
    assert lines[-1] == "content check: 1 errors, 1 warnings (errors stop the test command)"


def test_addresses_numbers_and_service_names_do_not_count_as_hard_words():
    text = "Suspected abuse material: report it to the Internet Watch Foundation at report.iwf.org.uk or call 0800 1111."
    plain = reading.prose(text, ["Internet Watch Foundation"])
    assert "iwf" not in plain and "0800" not in plain and "Foundation" not in plain
    assert reading.score(text, ["Internet Watch Foundation"]).grade < reading.score(text).grade


def test_very_short_texts_get_no_grade_but_long_single_sentences_do():
    assert reading.score("Are you safe right now?").grade is None
    long_sentence = "If you are worried about something that happened online you can always talk to an adult you trust at home or school"
    assert reading.score(long_sentence).grade is not None
    assert any("words per sentence" in rule for _, rule, _ in reading.problems(long_sentence, "8-10"))


def test_the_limits_are_data_per_band():
    bands = reading.limits()["bands"]
    assert {b: bands[b]["max_grade"] for b in bands} == {"8-10": 3, "11-13": 6, "14-18": 8}
    text = "Keep a screenshot of the messages before you block them, so an adult can see what happened later."
    grade = reading.score(text).grade
    assert 3 < grade <= 8  # too hard at 8-10, fine at 14-18
    assert [lvl for lvl, _, _ in reading.problems(text, "8-10")][0] == "error"
    assert "error" not in [lvl for lvl, _, _ in reading.problems(text, "14-18")]


def test_every_shipped_response_and_route_line_is_within_its_band_limit():
    errors = [str(f) for f in check.all_findings() if f.level == "error"]
    assert errors == []
