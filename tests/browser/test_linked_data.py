"""JSON-LD data blocks under the CSP (script-src 'self', no inline script): never a violation."""

import json

import pytest

from meetings.models import Meeting

# What the browser makes of the seed's pages under the CSP (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_json_ld_blocks_cause_no_csp_violation(page, live_site):
    meeting = Meeting.objects.published().filter(study_visits__isnull=False).first()
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.add_init_script(RECORD_VIOLATIONS)
    for path in ["/sv/", "/en/", meeting.get_absolute_url()]:
        response = page.goto(f"{live_site.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        data = page.locator('script[type="application/ld+json"]').text_content()
        assert json.loads(data)["@context"] == "https://schema.org"
        assert page.evaluate("window.__cspViolations") == []
    assert errors == []
