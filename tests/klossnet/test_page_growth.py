"""No public page grows with the data once the data is beyond every page size.

Every public page (both languages, as an anonymous visitor and as a member) is rendered
at 3× and at 8× the seed data (``benchdata``): both beyond every list's page size, so a
page that is paged, cut short or summed up has the same size at both; one that lists
everything is more than GROWTH_FACTOR bigger at 8×, and so slower with every row the
network adds (issue 23: every public page within 50 ms at 20×, not growing with the data).
"""

import pytest
from django.core.management import call_command

from operations.management.commands.benchmark import (
    GROWTH_FACTOR,
    grown,
    public_pages,
    uncached_sizes,
)

# What the templates list per page (README: Tests and CI).
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]

# Pages that still grow with the data, and why. The test fails when one of them stops
# growing too, so that this list only ever gets shorter.
STILL_GROWING = {
    # The start page: its JSON-LD for the organisation names every member institution
    # (77 of its 107 kB at 8×), and its map marks every place the network has met.
    "/sv/": "JSON-LD of every member, map of every place",
    "/en/": "JSON-LD of every member, map of every place",
    # The places page: the map marks every place and the list beside it names every
    # meeting there; it also lists every host and every member that has not hosted yet.
    "/sv/moten/motesplatser/": "every place, host and member",
    "/en/meetings/where-we-have-met/": "every place, host and member",
    # Every organisation and person with their talks; their pages' addresses are anchors
    # on this one page (Organisation/Guest.get_absolute_url), so paging it needs them too.
    "/sv/moten/gaster/": "every guest",
    "/en/meetings/guests/": "every guest",
}


def _add_data(scale: int) -> None:
    call_command("benchdata", scale=scale, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_no_public_page_grows_with_the_data_beyond_the_page_sizes(seeded):
    _add_data(3)
    smaller = uncached_sizes(public_pages())
    _add_data(5)  # 8× in all
    larger = uncached_sizes(public_pages())
    both = smaller.keys() & larger.keys()
    assert len(both) > 40  # every kind of page, both languages
    growth = grown(smaller, larger)
    unexpected = {path: f"{ratio:.2f}×" for path, ratio in growth.items()}
    for path in STILL_GROWING:
        unexpected.pop(path, None)
    assert not unexpected, f"pages over {GROWTH_FACTOR}× bigger at 8× than at 3×: {unexpected}"
    stopped = [path for path in STILL_GROWING if path in both and path not in growth]
    assert not stopped, f"no longer growing, take them off STILL_GROWING: {stopped}"
    assert all(path in both for path in STILL_GROWING)
