"""The members' e-mail settings page: each kind a member may switch off, off and on again,
and the language their e-mails are written in."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import translation

from core.mail import mail_send
from core.mail_kinds import optional_mail_kinds
from core.models import MailOptOut
from members.models import User

URL_SV = "/sv/medlemmar/e-postinstallningar/"
URL_EN = "/en/members/e-mail-settings/"
OPTIONAL = "registration/mailing"


def _send(user):
    return mail_send(EmailMessage("Ämne", "Hej", to=[user.email]), kind=OPTIONAL, recipient=user)


def test_the_page_is_for_members_only(client, non_member):
    assert client.get(URL_SV).status_code in {302, 403}
    client.force_login(non_member)
    assert client.get(URL_SV).status_code == 403


def test_the_page_lists_every_kind_a_member_may_switch_off_in_a_fieldset(client, member):
    client.force_login(member)
    page = client.get(URL_EN).content.decode()
    assert "<fieldset" in page and "<legend>E-mails I receive" in page
    for kind in optional_mail_kinds():
        assert f'value="{kind.code}"' in page
        assert str(kind.label) in page
    # Transactional mail is not offered: it always goes.
    assert 'value="registration/confirmation"' not in page
    assert 'aria-current="page">E-mail settings' in page


def test_the_page_is_in_swedish(client, member):
    client.force_login(member)
    page = client.get(URL_SV).content.decode()
    assert "<h1>E-postinställningar</h1>" in page
    assert "Meddelanden till de anmälda till ett möte" in page
    assert "Spara mina e-postinställningar" in page


def test_a_member_switches_a_kind_off_and_on_again(client, member):
    client.force_login(member)
    response = client.post(URL_SV, {"language": "sv"}, follow=True)
    assert "Dina e-postinställningar har sparats." in response.content.decode()
    assert MailOptOut.objects.filter(user=member, kind=OPTIONAL).exists()
    assert _send(member).skipped
    page = client.get(URL_SV).content.decode()
    assert f'value="{OPTIONAL}"' in page and f'value="{OPTIONAL}" checked' not in page

    every = [kind.code for kind in optional_mail_kinds()]
    client.post(URL_SV, {"language": "sv", "receives": every})
    assert not MailOptOut.objects.filter(user=member).exists()
    assert _send(member).sent
    assert len(mail.outbox) == 1
    assert f'value="{OPTIONAL}"' in client.get(URL_SV).content.decode()


def test_a_member_chooses_the_language_of_their_e_mails(client, member):
    client.force_login(member)
    client.post(URL_SV, {"language": "en", "receives": [OPTIONAL]})
    member.refresh_from_db()
    assert member.language == "en"
    _send(member)
    assert "No more e-mails of this kind" in mail.outbox[0].body
    assert 'value="en" required id="id_language_1" checked' in client.get(URL_SV).content.decode()


def test_an_unknown_kind_or_language_is_refused(client, member):
    client.force_login(member)
    response = client.post(URL_SV, {"language": "de", "receives": ["registration/confirmation"]})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"receives", "language"}
    assert not MailOptOut.objects.exists()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_signing_up_remembers_the_language(client, member_institution, language):
    url = {"sv": "/sv/konto/signup/", "en": "/en/account/signup/"}[language]
    with translation.override(language):
        client.post(
            url,
            {
                "email": "grace@medlem.se",
                "password1": "correct horse battery staple",
                "password2": "correct horse battery staple",
            },
        )
    assert User.objects.get(email="grace@medlem.se").language == language


def test_the_privacy_page_tells_what_e_mail_settings_and_blocks_hold(client, seeded):
    swedish = client.get("/sv/integritetspolicy/").content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert "E-postinställningar: vilka slags utskick" in swedish
    assert "spärras adressen för sådana utskick" in swedish
    assert "dina e-postinställningar och spärrar av dina adresser" in swedish
    assert "E-mail settings: which kinds of mailing" in english
    assert "with your e-mail settings and any block of your addresses" in english
