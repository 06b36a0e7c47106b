"""The recording tab really catches what it is meant to fail on."""
from __future__ import annotations


def test_the_tab_records_csp_violations_console_errors_and_third_party_requests(tab, stack, school):
    url = school.embed("/blocked", stack.url + "/widget.js", csp="default-src 'none'; img-src data:")
    page = tab.open(url)
    assert any("widget.js" in text for text in tab.csp_violations), tab.csp_violations
    assert page.locator(".kit-launcher").count() == 0

    page = tab.open(school.origin + "/before")
    page.evaluate("() => { const i = new Image(); i.src = 'http://192.0.2.1/pixel.png'; console.error('boom'); }")
    page.wait_for_timeout(200)
    assert "http://192.0.2.1/pixel.png" in tab.third_party_requests()
    assert any(text.startswith("boom") for text in tab.console_errors)
    tab.context.add_cookies([{"name": "tracker", "value": "1", "url": stack.url}])
    assert [c["name"] for c in tab.context.cookies()] == ["tracker"]

    problems = tab.close()
    assert len(problems) >= 4 and problems[0] == "cookies were set: ['tracker']", problems
    tab.context = None
    tab.csp_violations.clear(), tab.console_errors.clear(), tab.requests.clear()
