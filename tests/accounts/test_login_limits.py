"""Log-in limits where the README deploys the portal: behind nginx, on a unix socket, under
cache pressure and through outages (members/login_limits.py)."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from core.cache import create_cache_tables
from members.login_limits import CACHE_ALIAS, CACHE_TABLE
from tests.accounts.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "För många felaktiga lösenord för det här kontot från ditt nätverk"
NGINX = "127.0.0.1"  # every request behind the proxy comes from its address


def _log_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def _from(client_address: str) -> dict:
    """A request nginx passed on for ``client_address`` ($proxy_add_x_forwarded_for)."""
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": client_address}


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def other_member(member_institution):
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    user = UserFactory(username="grace@medlem.se", approved_at=timezone.now())
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.set_password(PASSWORD)
    user.save()
    return user


# --- Unix socket ------------------------------------------------------------


def test_login_signup_and_password_reset_work_on_a_unix_socket(client, member):
    """gunicorn on systemd's socket gives every request an empty REMOTE_ADDR."""
    no_address = {"REMOTE_ADDR": ""}
    response = _log_in(client, member.email, PASSWORD, **no_address)
    assert response.status_code == 302 and _logged_in(client)
    response = Client().post(
        reverse("account_signup"),
        {"email": "new@medlem.se", "password1": "a long passphrase 9", "password2": "x"},
        **no_address,
    )
    assert response.status_code == 200  # the form again (passwords differ), not a 403
    response = Client().post(
        reverse("account_reset_password"), {"email": member.email}, **no_address
    )
    assert response.status_code == 302


def test_unix_socket_behind_nginx_counts_the_address_nginx_names(client, member, behind_proxy):
    for _ in range(5):
        _log_in(client, member.email, "wrong", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="192.0.2.7")
    refused = _log_in(
        client, member.email, PASSWORD, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="192.0.2.7"
    )
    assert LOCKED in refused.content.decode()
    other = Client()
    _log_in(other, member.email, PASSWORD, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert _logged_in(other)


def test_unix_socket_without_proxy_header_shares_one_limit_and_still_logs_in(client, member):
    for _ in range(5):
        assert _log_in(client, member.email, "wrong", REMOTE_ADDR="").status_code == 200
    assert LOCKED in _log_in(client, member.email, PASSWORD, REMOTE_ADDR="").content.decode()


# --- Behind the proxy: one client cannot lock out the others --------------


def test_wrong_passwords_from_one_visitor_do_not_lock_out_others(
    client, member, other_member, behind_proxy
):
    attacker = client
    for _ in range(5):
        assert _log_in(attacker, member.email, "wrong", **_from("203.0.113.9")).status_code == 200
    assert (
        LOCKED in _log_in(attacker, member.email, PASSWORD, **_from("203.0.113.9")).content.decode()
    )
    assert not _logged_in(attacker)
    # The member, from their own network, still gets in.
    own = Client()
    _log_in(own, member.email, PASSWORD, **_from("198.51.100.20"))
    assert _logged_in(own)
    # A colleague behind the same address as the attacker (a meeting venue) too.
    colleague = Client()
    _log_in(colleague, other_member.email, PASSWORD, **_from("203.0.113.9"))
    assert _logged_in(colleague)


def test_proxy_header_is_ignored_without_a_trusted_proxy(client, member):
    """Anyone can send X-Forwarded-For: rotating it must not buy more guesses."""
    for number in range(5):
        _log_in(client, member.email, "wrong", **_from(f"192.0.2.{number}"))
    refused = _log_in(client, member.email, PASSWORD, **_from("192.0.2.99"))
    assert LOCKED in refused.content.decode() and not _logged_in(client)


def test_only_the_address_the_trusted_proxy_appended_counts(client, member, behind_proxy):
    """A client writing its own X-Forwarded-For gets nginx's entry appended after it."""
    for number in range(5):
        _log_in(client, member.email, "wrong", **_from(f"10.0.0.{number}, 203.0.113.9"))
    refused = _log_in(client, member.email, PASSWORD, **_from("10.9.9.9, 203.0.113.9"))
    assert LOCKED in refused.content.decode()


def test_one_client_trying_many_accounts_meets_a_ceiling(client, member, behind_proxy):
    for number in range(50):
        _log_in(client, f"guess{number}@medlem.se", "wrong", **_from("203.0.113.9"))
    refused = _log_in(client, member.email, PASSWORD, **_from("203.0.113.9"))
    assert "För många felaktiga lösenord från ditt nätverk" in refused.content.decode()
    assert not _logged_in(client)
    other = Client()
    _log_in(other, member.email, PASSWORD, **_from("198.51.100.20"))
    assert _logged_in(other)


def test_guessing_one_account_from_many_addresses_meets_a_ceiling(client, member, behind_proxy):
    for number in range(100):
        _log_in(client, member.email, "wrong", **_from(f"192.0.2.{number}"))
    refused = _log_in(Client(), member.email, PASSWORD, **_from("198.51.100.20"))
    assert "Inloggningen till det är pausad" in refused.content.decode()


def test_correct_password_does_not_count_as_a_failure(client, member, behind_proxy):
    for _ in range(10):
        _log_in(Client(), member.email, PASSWORD, **_from("203.0.113.9"))
    for _ in range(4):
        _log_in(client, member.email, "wrong", **_from("203.0.113.9"))
    _log_in(client, member.email, PASSWORD, **_from("203.0.113.9"))
    assert _logged_in(client)


# --- The admin's login ----------------------------------------------------


def test_admin_login_checks_no_password_and_sends_staff_to_the_one_login(client, member):
    member.is_staff = member.is_superuser = True
    member.save()
    for _ in range(6):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": member.email, "password": "wrong"}
        )
        assert response.status_code == 302
    response = client.post("/admin/login/", {"username": member.email, "password": PASSWORD})
    assert not _logged_in(client)
    assert response["Location"].startswith(reverse("account_login"))
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=/admin/"
    # The one login, with its limits, then takes them to the admin.
    response = _log_in(client, member.email, PASSWORD, QUERY_STRING="next=/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/?next=/admin/meetings/")["Location"] == "/admin/meetings/"


def test_admin_login_tells_a_logged_in_member_without_access(client, member):
    client.force_login(member)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Endast för koordinatorn och kansliet" in html and "Endast för medlemmar" not in html


def test_admin_login_never_redirects_off_site(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert "evil.example" not in response["Location"]


# --- Outages --------------------------------------------------------------


def test_a_database_outage_is_not_a_failed_attempt(client, member):
    lost = OperationalError("connection to server lost")
    with mock.patch("django.contrib.auth.backends.ModelBackend.authenticate", side_effect=lost):
        for _ in range(6):
            response = _log_in(client, member.email, PASSWORD)
            assert response.status_code == 503
            assert "Tillfälligt otillgänglig" in response.content.decode()
    _log_in(client, member.email, PASSWORD)
    assert _logged_in(client)


@pytest.fixture
def redis_down(settings):
    """The shared cache is a Redis nobody answers on (a closed port)."""
    from operations.loadtest import free_port

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        },
    }


def test_login_works_while_redis_is_down(client, member, redis_down):
    for _ in range(4):
        assert _log_in(client, member.email, "wrong").status_code == 200
    response = _log_in(client, member.email, PASSWORD)
    assert response.status_code == 302 and _logged_in(client)


def test_a_redis_outage_met_in_a_view_answers_a_translated_503(rf, redis_down):
    from django.core.cache import cache

    from core.middleware import DatabaseUnavailableMiddleware

    with pytest.raises(Exception) as raised:  # noqa: PT011 - whatever redis-py raises
        cache.get("anything")
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    answer = middleware.process_exception(rf.get("/sv/"), raised.value)
    assert answer is not None and answer.status_code == 503
    assert answer["Retry-After"] and "Tillfälligt otillgänglig" in answer.content.decode()


# --- Cache pressure -------------------------------------------------------


@pytest.fixture
def database_caches(settings):
    """Production without Redis: the database cache (300 entries) and the limits' table."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "klossnet_cache",
        },
        CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
    }
    settings.PAGE_CACHE_SECONDS = 300
    create_cache_tables(using="default", verbosity=0)  # what `migrate` runs at its end
    assert CACHE_TABLE in connection.introspection.table_names()


def test_filling_the_page_cache_does_not_clear_a_lock_out(client, member, database_caches):
    for _ in range(5):
        _log_in(client, member.email, "wrong")
    # What ~320 anonymous requests for /sv/?p=N did to the shared cache: one page each.
    shared = caches["default"]
    assert shared._max_entries == 300
    for number in range(320):
        shared.set(f"pagecache:page:v1:{number:064x}", "<html>" * 100, 300)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM klossnet_cache")
        assert cursor.fetchone()[0] < 320  # the shared cache culled
    refused = _log_in(client, member.email, PASSWORD)
    assert LOCKED in refused.content.decode() and not _logged_in(client)


# --- What a refused log-in says -------------------------------------------


def test_too_many_forms_answer_a_translated_page_not_members_only(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        _log_in(client, "x@medlem.se", "wrong")
    response = _log_in(client, "x@medlem.se", "wrong")
    assert response.status_code == 429
    html = response.content.decode()
    assert "För många försök" in html and "vänta en minut" in html
    assert "Endast för medlemmar" not in html and 'class="site-header"' in html
