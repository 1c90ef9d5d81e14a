"""The Swedish of the third-party apps the coordinator and members read is the portal's own
where theirs reads badly: allauth's "Epost-adressen", "Verifierings-mail" and "mail",
django-reversion's "bortagna". The project catalogue (locale/) overrides them."""

import pathlib
import re

import allauth
import polib
import pytest
import reversion
from django.urls import reverse
from django.utils import translation

# Words no Swedish page of the portal shows: misspellings and anglicisms of the apps'
# catalogues.
BAD = re.compile(r"[Ee]post|\bmail(et|en)?\b|-mail|bortagn")


def catalogue_entries(package):
    po = pathlib.Path(package.__file__).parent / "locale/sv/LC_MESSAGES/django.po"
    return [entry for entry in polib.pofile(str(po)) if entry.translated() and entry.msgid]


def account_pages_entry(entry) -> bool:
    """allauth's account app (its forms, messages, pages, e-mails); the apps the portal does
    not install (social accounts, MFA, sessions) are left alone."""
    return any(
        location.startswith(("account/", "templates/account/"))
        for location, _line in entry.occurrences
    )


@pytest.mark.parametrize(
    "entry",
    [
        entry
        for entry in catalogue_entries(allauth)
        if account_pages_entry(entry) and BAD.search(entry.msgstr)
    ]
    + [entry for entry in catalogue_entries(reversion) if BAD.search(entry.msgstr)],
    ids=lambda entry: entry.msgid[:40],
)
def test_the_portal_translates_what_the_apps_word_badly(entry):
    with translation.override("sv"):
        shown = translation.gettext(entry.msgid)
    assert shown != entry.msgstr
    assert not BAD.search(shown), shown


@pytest.mark.django_db
def test_the_admin_login_asks_for_an_email_address(client):
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="sv", follow=True)
    html = response.content.decode()
    assert '<label for="id_login">E-postadress:</label>' in html
    assert "Användarnamn" not in html
