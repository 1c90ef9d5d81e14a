import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _log_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password, **extra})


def test_member_logs_in_by_email_and_lands_in_the_members_area(client, member):
    response = _log_in(client, member.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("members_area:start")


def test_wrong_password_is_refused_with_a_translated_message(client, member):
    response = _log_in(client, member.email, "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "lösenordet är felaktigt" in response.content.decode()


def test_login_rate_limit_engages_after_repeated_failures(client, member):
    for _ in range(5):
        assert _log_in(client, member.email, "wrong").status_code == 200
    response = _log_in(client, member.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 429}


def test_unverified_email_cannot_log_in(client, member):
    member.emailaddress_set.update(verified=False)
    response = _log_in(client, member.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_session_ends_with_the_browser_unless_remember_me(client, member):
    _log_in(client, member.email, PASSWORD)
    assert client.session.get_expire_at_browser_close()


def test_remember_me_keeps_the_session_for_two_weeks(client, member, settings):
    _log_in(client, member.email, PASSWORD, remember="on")
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


@pytest.mark.parametrize(
    ("language", "text"),
    [("sv", "Logga in"), ("en", "Log in")],
)
def test_account_pages_are_in_the_sites_look_and_language(client, language, text):
    from django.utils import translation

    for name in ["account_login", "account_signup", "account_reset_password"]:
        with translation.override(language):
            url = reverse(name)
        html = client.get(url).content.decode()
        assert f'<html lang="{language}">' in html
        assert 'class="site-header"' in html
        assert "css/accounts.css" in html
    with translation.override(language):
        assert text in client.get(reverse("account_login")).content.decode()


def test_password_reset_sends_an_email(client, member):
    from django.core import mail

    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert member.email in mail.outbox[0].to


def test_email_change_is_confirmed_before_it_replaces_the_old_address(client, member):
    from allauth.account.models import EmailAddress
    from django.core import mail

    client.force_login(member)
    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    assert "style=" not in page.content.decode()
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "ada.new@medlem.se"}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=member, primary=True).email == "ada@medlem.se"
    assert not EmailAddress.objects.get(email="ada.new@medlem.se").verified
    assert mail.outbox[-1].to == ["ada.new@medlem.se"]
    assert "Hej från KLOSSnet" in mail.outbox[-1].body


def test_logout_is_a_post_in_the_sites_look(client, member):
    client.force_login(member)
    html = client.get(reverse("account_logout")).content.decode()
    assert 'class="site-header"' in html
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_link_sets_a_new_password(client, member):
    import re

    from django.core import mail

    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://testserver(\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new_password = "another long passphrase 77"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new_password)


def test_account_forms_have_labels_and_no_placeholders(client):
    for name in ["account_login", "account_signup", "account_reset_password"]:
        html = client.get(reverse(name)).content.decode()
        assert "placeholder=" not in html
        assert '<label for="id_' in html
