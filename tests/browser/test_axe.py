"""The check every browser test leans on finds what it must (tests/axe.py)."""

import pytest

from tests.axe import serious_violations

# A page of its own, no server and no database (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

BAD = """<!doctype html><html lang="sv"><head><title>Fel</title></head><body><main>
<p id="faint" style="color: #ccc; background: #fff">Nästan osynlig text</p>
<img id="bare" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</main></body></html>"""
GOOD = """<!doctype html><html lang="sv"><head><title>Rätt</title></head><body><main>
<h1>Rubrik</h1><p style="color: #222; background: #fff">Läsbar text</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="En punkt">
</main></body></html>"""


def test_serious_findings_are_reported_with_the_elements_they_concern(page):
    page.set_content(BAD)
    findings = serious_violations(page)
    assert any("color-contrast (serious)" in found and "#faint" in found for found in findings)
    assert any("image-alt (critical)" in found and "#bare" in found for found in findings)


def test_a_page_without_serious_findings_reports_none(page):
    page.set_content(GOOD)
    assert serious_violations(page) == []
