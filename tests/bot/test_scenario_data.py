"""Lesson stories as data: the content check covers them (file:line on a bad
one), every path through every story ends with routes, every topic and band
is covered, and only real story payloads pass the web app's allowlist."""
from __future__ import annotations

import io
import shutil

import pytest

from bot import scenarios
from bot.content.check import check_scenarios, report
from bot.ids import AGE_BANDS, TOPICS
from bot.routes import offered_to, uk_routes
from bot.web.pupil import as_rasa_text

STORIES = scenarios.load_scenarios()


def test_the_scenarios_pass_the_content_check():
    findings = check_scenarios()
    errors = [str(f) for f in findings if f.level == "error"]
    assert errors == []
    assert len(STORIES) == len(scenarios.scenario_files()) >= 2 * len(TOPICS)


def test_every_topic_has_two_stories_and_one_for_every_band():
    for topic in TOPICS:
        of_topic = [s for s in STORIES.values() if s.topic == topic]
        assert len(of_topic) >= 2, topic
        for band in AGE_BANDS:
            assert any(band in s.bands for s in of_topic), (topic, band)


@pytest.mark.parametrize("story_id", sorted(STORIES))
def test_every_path_through_the_story_is_short_and_ends_with_routes_for_each_band(story_id):
    story = STORIES[story_id]
    paths = scenarios.paths_through(story)
    choices = sum(len(s.choices) for s in story.steps.values())
    assert len(paths) >= 2 and choices >= 4
    for path in paths:
        assert 3 <= len(path) <= 5, path  # a few choices, then the end
        end = story.steps[path[-1][0]]
        assert end.is_end
        for band in story.bands:
            shown = [r for r in end.routes if r in uk_routes() and offered_to(r, band, "uk")]
            assert shown, (story_id, band)
            for step_id, choice_id in path[:-1]:
                choice = story.choice(step_id, choice_id)
                assert scenarios.for_band(choice.feedback, band) and scenarios.for_band(choice.title, band)


BAD = {
    "blame": ('feedback: "Good call.', 'feedback: "You should have known better.'),
    "next": ("next: private_chat", "next: nowhere"),
}


def test_a_bad_scenario_fails_the_check_with_its_file_and_line(tmp_path):
    folder = tmp_path / "scenarios"
    shutil.copytree(scenarios.SCENARIOS_DIR, folder)
    bad = folder / "skins_new_app.yml"
    text = bad.read_text()
    for old, new in BAD.values():
        assert old in text
        text = text.replace(old, new, 1)
    text = text.replace("    routes: [platform_report, trusted_adult, ceop, childline]", "    routes: [helpdesk]")
    bad.write_text(text)
    lines = text.splitlines()
    blame_line = next(i for i, line in enumerate(lines, 1) if "You should have" in line)
    next_line = next(i for i, line in enumerate(lines, 1) if "next: nowhere" in line)

    findings = [str(f) for f in check_scenarios(folder)]
    assert any(f.startswith("ERROR ") and f"/skins_new_app.yml:{next_line} skins_new_app: choice 'accept' goes to "
               "step 'nowhere'" in f for f in findings), findings
    assert any("route 'helpdesk' is not defined" in f for f in findings)
    assert any("no route to help for age band 11-13" in f for f in findings)
    # Fix the structure: the blame is then found, on its own line.
    bad.write_text(text.replace("next: nowhere", "next: private_chat").replace("[helpdesk]", "[childline]"))
    findings = [str(f) for f in check_scenarios(folder)]
    assert [f for f in findings if f.startswith("ERROR")] == [
        f for f in findings if f"skins_new_app.yml:{blame_line} scenario skins_new_app step skins" in f
    ]
    assert any("blame-language pattern #1" in f for f in findings)
    out = io.StringIO()
    assert report(check_scenarios(folder), out) == 1
    assert "errors stop the test command" in out.getvalue()


def test_a_story_that_loops_or_strands_a_step_is_an_error(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    source = (scenarios.SCENARIOS_DIR / "pile_on.yml").read_text()
    (folder / "pile_on.yml").write_text(source.replace("next: the_end", "next: comments", 1))
    rules = [f.rule for f in check_scenarios(folder) if f.level == "error"]
    assert "the story can loop back to step 'comments'" in rules
    assert any(rule.startswith("topic grooming has 0 scenarios") for rule in rules)


def test_only_real_story_payloads_reach_rasa():
    story = STORIES["free_skins"]
    choice = story.steps[story.start].choices[0]
    good = [scenarios.start_payload("free_skins"), scenarios.choice_payload("free_skins", story.start, choice.id)]
    for payload in good + ["/scenario_list", "/scenario_resume", "/scenario_stop"]:
        assert as_rasa_text(payload) == payload
    bad = [
        scenarios.start_payload("no_such_story"),
        scenarios.choice_payload("free_skins", story.start, "no_such_choice"),
        scenarios.choice_payload("free_skins", "no_such_step", choice.id),
        '/scenario_start{"scenario": "free_skins"}',
        '/scenario_start{"scenario":"free_skins","x":"y"}',
        '/scenario_start{"scenario":"free_skins"}\n/risk_disclosure',
        '/scenario_choice{"scenario":"free_skins"}',
    ]
    for payload in bad:
        assert not as_rasa_text(payload).startswith("/"), payload


def test_the_preview_shows_every_story_in_each_of_its_bands(tmp_path):
    from bot.content.preview import build

    build(tmp_path)
    page = (tmp_path / "stories.html").read_text()
    for story in STORIES.values():
        assert f'id="story-{story.id}"' in page
        for band in story.bands:
            assert scenarios.for_band(story.title, band).replace("'", "&#x27;") in page
    assert page.count('<ul class="routes">') == sum(len(s.bands) for s in STORIES.values())  # every ending's routes


def test_a_broken_file_is_skipped_at_run_time_and_reported_by_the_check(tmp_path):
    folder = tmp_path / "scenarios"
    shutil.copytree(scenarios.SCENARIOS_DIR, folder)
    (folder / "broken.yml").write_text('id: broken\ntitle: "unclosed\n  steps: [\n')
    assert set(scenarios.load_scenarios(folder)) == set(STORIES)
    assert any(str(f).startswith("ERROR ") and "broken.yml:" in str(f) and "not valid YAML" in str(f)
               for f in check_scenarios(folder))
