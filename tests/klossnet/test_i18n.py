import gettext
import os
import pathlib
import xml.etree.ElementTree as ET

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from tests.catalogues import compile_stale, translations, translations_forget

ROOT = pathlib.Path(__file__).resolve().parents[2]
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}

pytestmark = pytest.mark.django_db


def test_root_redirects_to_swedish_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sv/"


def test_root_redirects_to_english_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/"


def test_paths_are_translated():
    with translation.override("sv"):
        assert reverse("about") == "/sv/om-klossnet/"
        assert reverse("accessibility") == "/sv/tillganglighet/"
    with translation.override("en"):
        assert reverse("about") == "/en/about/"
        assert reverse("accessibility") == "/en/accessibility/"


def test_html_lang_follows_the_url(client, seeded):
    assert '<html lang="sv">' in client.get("/sv/").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()


def test_head_has_hreflang_alternates(client, seeded):
    html = client.get("/sv/om-klossnet/").content.decode()
    assert 'hreflang="sv" href="http://testserver/sv/om-klossnet/"' in html
    assert 'hreflang="en" href="http://testserver/en/about/"' in html
    assert 'hreflang="x-default"' in html


def test_language_switcher_keeps_the_reader_on_the_same_page(client, seeded):
    html = client.get("/sv/om-klossnet/").content.decode()
    assert '<a href="/en/about/" hreflang="en" lang="en">English</a>' in html
    html = client.get("/en/about/").content.decode()
    assert 'href="/sv/om-klossnet/" hreflang="sv" lang="sv">Svenska</a>' in html


def test_sitemap_lists_every_page_in_both_languages_with_alternates(client, seeded):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    urls = tree.findall("s:url", SITEMAP_NS)
    locations = {url.find("s:loc", SITEMAP_NS).text for url in urls}
    assert {"http://testserver/sv/", "http://testserver/en/"} <= locations
    assert {"http://testserver/sv/om-klossnet/", "http://testserver/en/about/"} <= locations
    for url in urls:
        langs = {link.get("hreflang") for link in url.findall("x:link", SITEMAP_NS)}
        assert langs == {"sv", "en", "x-default"}, url.find("s:loc", SITEMAP_NS).text
    sv_count = sum(1 for loc in locations if "/sv/" in loc)
    en_count = sum(1 for loc in locations if "/en/" in loc)
    assert sv_count == en_count


def _catalogues():
    return [
        path
        for path in ROOT.glob("**/locale/sv/LC_MESSAGES/django.po")
        if ".venv" not in path.parts
    ]


def test_there_is_a_project_catalogue():
    assert ROOT / "locale/sv/LC_MESSAGES/django.po" in _catalogues()


@pytest.mark.parametrize("catalogue", _catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_ui_string_has_a_swedish_translation(catalogue):
    po = polib.pofile(str(catalogue))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    # A fuzzy header is left out by msgfmt: the catalogue would lose its language and plurals.
    assert not po.metadata_is_fuzzy
    assert po.metadata.get("Language") == "sv"
    assert len(po.translated_entries()) > 0


@pytest.mark.parametrize("catalogue", _catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_holds_what_its_source_says(catalogue):
    """What the site serves (.mo) is what the source says (.po): a stale compiled catalogue
    shows new strings in English and fails translated-message tests for no fault in the code."""
    compiled = polib.mofile(str(catalogue.with_suffix(".mo")))
    source = polib.pofile(str(catalogue)).translated_entries()
    assert translations(compiled) == translations(source)


def _catalogue(directory, translation):
    po_path = directory / "locale/sv/LC_MESSAGES/django.po"
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Sent", msgstr=translation))
    po.save(str(po_path))
    return po_path


def _compiled(po_path):
    return polib.mofile(str(po_path.with_suffix(".mo"))).find("Sent").msgstr


def test_a_stale_compiled_catalogue_is_compiled_again_and_a_current_one_left(tmp_path):
    stale = _catalogue(tmp_path / "stale", "Gammal")
    polib.pofile(str(stale)).save_as_mofile(str(stale.with_suffix(".mo")))
    _catalogue(tmp_path / "stale", "Skickat")
    # Newer than its source and still old, as a copied or restored file can be.
    os.utime(stale.with_suffix(".mo"), (stale.stat().st_mtime + 60,) * 2)
    current = _catalogue(tmp_path / "current", "Skickat")
    polib.pofile(str(current)).save_as_mofile(str(current.with_suffix(".mo")))
    current_written = current.with_suffix(".mo").stat().st_mtime_ns
    missing = _catalogue(tmp_path / "missing", "Skickat")

    assert compile_stale(tmp_path) == [missing, stale]

    assert [_compiled(p) for p in (stale, current, missing)] == ["Skickat"] * 3
    assert current.with_suffix(".mo").stat().st_mtime_ns == current_written
    assert compile_stale(tmp_path) == []


def test_a_catalogue_compiled_after_it_was_loaded_is_read_again(tmp_path):
    po_path = _catalogue(tmp_path, "Gammal")
    polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    loaded = gettext.translation("django", tmp_path / "locale", ["sv"])
    assert loaded.gettext("Sent") == "Gammal"
    _catalogue(tmp_path, "Skickat")
    compile_stale(tmp_path)

    translations_forget()

    assert gettext.translation("django", tmp_path / "locale", ["sv"]).gettext("Sent") == "Skickat"


def test_compiled_catalogue_translates_the_interface(client, seeded):
    html = client.get("/sv/").content.decode()
    assert "Hoppa till innehållet" in html
    assert "Tillgänglighetsredogörelse" in html
