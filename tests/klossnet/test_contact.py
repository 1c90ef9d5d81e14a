"""The contact page: the coordinator's contact from the sources, and a form that mails them
(CSRF, a limit per client, a trap for robots), confirming in the reader's language and
losing nothing on a validation error."""

import pytest
from django.core import mail
from django.test import Client

from core.phones import phone_e164, phone_international
from members.groups import coordinator_group_ensure
from network.models import Contact
from network.services import CONTACT_LIMIT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MESSAGE = {
    "name": "Eva Ek",
    "email": "eva.ek@example.se",
    "organisation": "Högskolan i Exempelstad",
    "message": "Hur blir vårt lärosäte medlem?\nVänliga hälsningar",
    "homepage": "",
}


@pytest.fixture
def coordinator_mailbox(seeded):
    user = UserFactory(username="samordnare@kth.se", email="samordnare@kth.se", is_staff=True)
    user.groups.add(coordinator_group_ensure())
    return user.email


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_contact_page_gives_the_coordinator_from_the_sources_in_each_language(client, seeded):
    sv = _main(client.get("/sv/kontakt/"))
    assert "Johan Blaus" in sv and "koordinator för styrgruppen och KLOSSnet som helhet" in sv
    assert '<a href="tel:+4687906063">08-790 60 63</a>' in sv
    en = _main(client.get("/en/contact/"))
    assert '<a href="tel:+4687906063">+46 8 790 60 63</a>' in en
    # The footer on every English page too.
    assert "+46 8 790 60 63</a>" in client.get("/en/").content.decode()


def test_contact_page_is_in_the_sitemap_and_the_navigation_in_both_languages(client, seeded):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/sv/kontakt/</loc>" in sitemap and "/en/contact/</loc>" in sitemap
    assert 'href="/en/contact/"' in client.get("/en/").content.decode()


def test_a_message_reaches_the_coordinator_with_the_sender_to_reply_to(client, coordinator_mailbox):
    response = client.post("/en/contact/", MESSAGE)
    assert response.status_code == 302 and response["Location"] == "/en/contact/"
    (sent,) = mail.outbox
    assert sent.to == [coordinator_mailbox]
    assert sent.reply_to == ["eva.ek@example.se"]
    assert sent.subject == "KLOSSnet kontaktformulär: Eva Ek"  # the coordinator's Swedish
    assert "Hur blir vårt lärosäte medlem?\nVänliga hälsningar" in sent.body
    assert "Högskolan i Exempelstad" in sent.body and "engelska" in sent.body
    confirmation = _main(client.get(response["Location"]))
    assert 'role="status"' in confirmation
    assert "Thank you for your message." in confirmation and "eva.ek@example.se" in confirmation
    assert 'value="Eva Ek"' not in confirmation  # an empty form for the next one


def test_the_confirmation_is_in_swedish_on_the_swedish_site(client, coordinator_mailbox):
    response = client.post("/sv/kontakt/", MESSAGE, follow=True)
    assert "Tack för ditt meddelande." in _main(response)


def test_the_contacts_own_address_wins_over_the_coordinators(client, coordinator_mailbox):
    Contact.objects.filter(pk=Contact.singleton_pk).update(email="klossnet@kth.se")
    client.post("/sv/kontakt/", MESSAGE)
    assert mail.outbox[0].to == ["klossnet@kth.se"]


def test_an_invalid_message_comes_back_as_written_with_what_to_fix(client, coordinator_mailbox):
    response = client.post("/sv/kontakt/", {**MESSAGE, "email": "eva.ek@", "message": ""})
    assert response.status_code == 200
    main = _main(response)
    assert "Meddelandet skickades inte" in main
    assert 'value="Eva Ek"' in main and 'value="eva.ek@"' in main
    assert 'value="Högskolan i Exempelstad"' in main
    assert 'aria-invalid="true"' in main and 'id="id_email_error"' in main
    assert 'aria-describedby="id_email_helptext id_email_error"' in main
    assert mail.outbox == []


def test_a_robot_that_fills_in_the_trap_is_thanked_and_nothing_is_sent(client, coordinator_mailbox):
    response = client.post("/sv/kontakt/", {**MESSAGE, "homepage": "https://spam.example"})
    assert response.status_code == 302
    assert mail.outbox == []
    assert "Tack för ditt meddelande." in _main(client.get("/sv/kontakt/"))


def test_one_client_may_send_only_a_few_messages_an_hour(client, coordinator_mailbox):
    for _ in range(CONTACT_LIMIT):
        assert client.post("/sv/kontakt/", MESSAGE, REMOTE_ADDR="192.0.2.7").status_code == 302
    response = client.post("/sv/kontakt/", MESSAGE, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429
    assert "Vänta en timme" in _main(response) and 'value="Eva Ek"' in _main(response)
    assert len(mail.outbox) == CONTACT_LIMIT
    # Another client is not held back.
    assert client.post("/sv/kontakt/", MESSAGE, REMOTE_ADDR="192.0.2.8").status_code == 302


def test_behind_the_proxy_the_limit_counts_the_client_not_the_proxy(
    client, coordinator_mailbox, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(CONTACT_LIMIT):
        client.post("/sv/kontakt/", MESSAGE, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    blocked = client.post("/sv/kontakt/", MESSAGE, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    assert blocked.status_code == 429
    other = client.post("/sv/kontakt/", MESSAGE, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert other.status_code == 302


def test_a_post_without_the_csrf_token_is_refused(coordinator_mailbox):
    response = Client(enforce_csrf_checks=True).post("/sv/kontakt/", MESSAGE)
    assert response.status_code == 403
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [
        ("/sv/kontakt/", "sv", "Formuläret kunde inte skickas"),
        ("/en/contact/", "en", "The form could not be sent"),
    ],
)
def test_a_refused_form_gets_the_portals_page_in_the_visitors_language(
    coordinator_mailbox, path, lang, title
):
    """Not Django's bare page (English markup, no landmarks, an inline style the CSP
    blocks): the site's layout, saying what to do."""
    response = Client(enforce_csrf_checks=True).post(path, MESSAGE)
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{lang}"' in html and '<main id="main"' in html
    assert f"<h1>{title}</h1>" in _main(response)
    assert "<style" not in html


def test_a_name_cannot_add_lines_to_the_subject(client, coordinator_mailbox):
    client.post("/sv/kontakt/", {**MESSAGE, "name": "Eva\r\nBcc: x@example.com"})
    assert mail.outbox[0].subject == "KLOSSnet kontaktformulär: Eva Bcc: x@example.com"


def test_without_anyone_to_mail_the_page_gives_the_phone_and_no_form(client, seeded):
    main = _main(client.get("/sv/kontakt/"))
    assert "<form" not in main and "08-790 60 63" in main
    assert client.post("/sv/kontakt/", MESSAGE).status_code == 200
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("written", "international", "e164"),
    [
        ("08-790 60 63", "+46 8 790 60 63", "+4687906063"),
        ("018-471 00 00", "+46 18 471 00 00", "+46184710000"),
        ("070 123 45 67", "+46 70 123 45 67", "+46701234567"),
        ("+358 2 215 31", "+358 2 215 31", "+358221531"),
    ],
)
def test_phone_numbers_for_readers_abroad(written, international, e164):
    assert phone_international(written) == international
    assert phone_e164(written) == e164
