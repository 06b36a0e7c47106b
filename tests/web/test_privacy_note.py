"""The privacy note at /privacy: for each age band, what Kit keeps, that a
safety alert without a name can reach school, and for how long, in words the
band can read (data/checks/reading.yml) and without blame. Its numbers are the
deployment's own settings."""
from __future__ import annotations

import re
import urllib.request
from html.parser import HTMLParser

import pytest

from bot.content.blame import blame_hits
from bot.content.reading import limits, score
from bot.ids import AGE_BANDS
from tests.stack import start_web


class Sections(HTMLParser):
    """The paragraphs of each <section data-age-band>."""

    def __init__(self) -> None:
        super().__init__()
        self.bands, self.band, self.paragraph = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.band = attrs.get("data-age-band")
            self.bands[self.band] = []
        elif tag == "p" and self.band:
            self.paragraph = []

    def handle_endtag(self, tag):
        if tag == "p" and self.paragraph is not None:
            self.bands[self.band].append(" ".join("".join(self.paragraph).split()))
            self.paragraph = None
        elif tag == "section":
            self.band = None

    def handle_data(self, data):
        if self.paragraph is not None:
            self.paragraph.append(data)


@pytest.fixture(scope="module")
def note(tmp_path_factory):
    web = start_web(tmp_path_factory.mktemp("privacy"), {
        "RETENTION_DAYS": "30", "KIT_SESSION_IDLE_MINUTES": "45", "KIT_SUPPRESSION_THRESHOLD": "5",
    })
    try:
        with urllib.request.urlopen(web.url + "/privacy", timeout=10) as response:
            assert response.status == 200 and response.headers["Content-Type"].startswith("text/html")
            assert "frame-ancestors" in response.headers["Content-Security-Policy"]
            page = response.read().decode()
    finally:
        web.stop()
    sections = Sections()
    sections.feed(page)
    return page, sections.bands


def test_there_is_a_note_for_every_age_band(note):
    _, bands = note
    assert sorted(bands) == sorted(AGE_BANDS)


@pytest.mark.parametrize("band", AGE_BANDS)
def test_each_note_says_what_is_kept_that_an_alert_can_reach_school_and_for_how_long(note, band):
    text = " ".join(note[1][band])
    assert "30 days" in text and "45 minutes" in text and "5 times" in text  # this deployment's settings
    assert "name" in text and "alert" in text and "school" in text
    assert re.search(r"(not|never) (say|see|has|holds?|have)\b[^.]*name", text), text
    assert "Childline" in text and "0800 1111" in text
    assert "{{" not in note[0]


@pytest.mark.parametrize("band", AGE_BANDS)
def test_each_note_reads_at_its_bands_level_and_never_blames(note, band):
    rules = limits()["bands"][band]
    for paragraph in note[1][band]:
        result = score(paragraph, names=["Childline", "Kit"])
        assert result.grade is None or result.grade <= rules["max_grade"], (band, result, paragraph)
        assert result.words_per_sentence <= rules["sentence_words"], (band, result, paragraph)
        assert blame_hits(paragraph) == [], paragraph
