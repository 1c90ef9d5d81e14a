"""axe-core in the browser tests: its source once per context, its serious findings as text.

Evaluating axe's ~550 kB source costs about 0.15 s a page, more than running it (~0.08 s on
a small page). The `page` fixture's context (the crawls: every page of the sitemap, the
members' and registration pages) adds the source as an init script, so each document gets it
as it is created; in the contexts the flows make themselves, where most pages are not
checked, it is evaluated on the pages that are.

The page keeps only the serious and critical findings and hands back the few fields the
message uses: axe's whole result (every rule that passed or did not apply) costs more to
carry from the browser to the test than to make. A run builds no CSS selectors
(``selectors: false``, a quarter of axe's time on a small page); only when it finds
something does it run again with them, so the message still names the elements.
"""

from functools import cache

from axe_playwright_python.sync_playwright import Axe

# (options) → the serious and critical violations: rule, impact, help and the first
# three elements' selectors (none when the run made no selectors).
RUN = """async options => {
    const results = await axe.run(document, options);
    return results.violations
        .filter(violation => violation.impact === "serious" || violation.impact === "critical")
        .map(violation => ({
            id: violation.id,
            impact: violation.impact,
            help: violation.help,
            targets: violation.nodes.slice(0, 3).map(node => String(node.target?.[0] ?? "")),
        }));
}"""
FAST = {"resultTypes": ["violations"], "selectors": False}
NAMED = {"resultTypes": ["violations"]}


@cache
def axe_source() -> str:
    return Axe().axe_script


def serious_violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(axe_source())
    found = page.evaluate(RUN, FAST)
    if found:
        found = page.evaluate(RUN, NAMED)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} – " + "; ".join(v["targets"])
        for v in found
    ]
