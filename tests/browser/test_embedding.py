"""A school site whose origin Kit does not allow yet: the adult setting it up
is told which setting to change, and the child is not told to check their
internet (the internet is fine; the site is not switched on)."""
from __future__ import annotations

from tests.browser.kit import step

NOT_ON = "Kit's chat isn't switched on for this website yet."


def test_a_site_not_allowed_names_the_setting_in_the_console_and_gives_the_child_help(tab, stack, school, axe):
    # The same school site by another name is another origin, one Kit does not allow.
    elsewhere = school.embed("/not-allowed", stack.url + "/widget.js", server=stack.url, age_band="11-13").replace(
        "127.0.0.1", "localhost")
    tab.allow_console_error(r"blocked by CORS policy|Failed to load resource: net::ERR_FAILED")
    warnings = []
    page = tab.open("about:blank")
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    page.goto(elsewhere)
    texts = step(page, page.locator(".kit-launcher").click)
    origin = elsewhere.rsplit("/", 1)[0]
    assert any("KIT_CORS_ORIGINS" in w and origin in w for w in warnings), warnings
    assert NOT_ON in texts[-1] and "Childline free on 0800 1111" in texts[-1], texts
    assert not any("internet" in t for t in texts), texts
    assert page.locator(".kit-retry").count() == 0  # retrying cannot help
    tab.shot("site not allowed: help for the child")
    assert axe(page) == []
