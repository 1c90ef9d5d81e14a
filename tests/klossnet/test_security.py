import os
import subprocess
import sys

import pytest
from django.core.cache import cache

from core import richtext

pytestmark = pytest.mark.django_db


def test_pages_send_security_headers(client, seeded):
    response = client.get("/sv/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def _denied_features(header: str) -> set[str]:
    """The features a ``Permissions-Policy`` allows to no origin (``feature=()``)."""
    denied = set()
    for item in header.split(","):
        feature, _, allowlist = item.strip().partition("=")
        if allowlist == "()":
            denied.add(feature)
    return denied


@pytest.mark.parametrize(
    "path", ["/sv/", "/en/", "/api/v1/meetings/", "/sv/finns-inte/", "/admin/login/", "/healthz"]
)
def test_every_answer_denies_the_browser_features_the_portal_does_not_use(client, seeded, path):
    denied = _denied_features(client.get(path)["Permissions-Policy"])
    assert {
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    } <= denied


def test_a_page_from_the_page_cache_keeps_its_permissions_policy(client, seeded, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    first = client.get("/sv/")
    second = client.get("/sv/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "camera" in _denied_features(second["Permissions-Policy"])
    assert second["Permissions-Policy"] == first["Permissions-Policy"]
    cache.clear()


def test_pages_have_no_inline_script(client, seeded):
    html = client.get("/sv/").content.decode()
    assert "<script>" not in html and "onclick" not in html


def _production_env(**overrides):
    # The test run's own async-unsafe flag is not part of a production environment.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **overrides}


def test_check_deploy_is_clean_with_production_settings():
    env = _production_env(
        **{
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "x" * 30 + "a-long-random-production-secret-1234567890",
            "DJANGO_ALLOWED_HOSTS": "klossnet.example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_rich_text_removes_script_and_javascript_links():
    html = str(richtext.render('Hej <script>alert(1)</script> <a href="javascript:x()">a</a>'))
    assert "<script" not in html
    assert "javascript:" not in html


def test_rich_text_turns_plain_text_into_paragraphs_and_lists():
    html = str(richtext.render("Intro\n\n- one\n- two\n\n1. first\n2. second\n\n## Head"))
    assert html == (
        "<p>Intro</p><ul><li>one</li><li>two</li></ul>"
        "<ol><li>first</li><li>second</li></ol><h2>Head</h2>"
    )


def test_manage_py_on_a_developers_machine_runs_in_development_mode():
    env = {
        k: v for k, v in _production_env().items() if k not in {"DJANGO_DEBUG", "DJANGO_SECRET_KEY"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
