"""axe-core in the browser tests: its source once per context, its serious findings as text.

Evaluating axe's ~550 kB source costs about 0.15 s a page, more than running it (~0.08 s on
a small page). The `page` fixture's context (the crawls: every page of the sitemap, the
members' and registration pages) adds the source as an init script, so each document gets it
as it is created; in the contexts the flows make themselves, where most pages are not
checked, it is evaluated on the pages that are.
"""

from functools import cache

from axe_playwright_python.sync_playwright import Axe

OPTIONS = {"resultTypes": ["violations"]}


@cache
def axe_source() -> str:
    return Axe().axe_script


def serious_violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(axe_source())
    results = page.evaluate("options => axe.run(document, options)", OPTIONS)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
