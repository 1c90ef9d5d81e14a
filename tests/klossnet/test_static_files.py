"""What collectstatic gathers: every app's static files but Django REST framework's, whose
browsable API the portal does not offer (core/staticfiles.py)."""

from django.apps import apps
from django.contrib.staticfiles import finders
from rest_framework.renderers import BrowsableAPIRenderer, TemplateHTMLRenderer
from rest_framework.views import APIView

from tests.accounts.test_members_only_urls import _all_named_patterns

HTML_RENDERERS = (BrowsableAPIRenderer, TemplateHTMLRenderer)


def _found() -> set[str]:
    """What collectstatic copies: each finder's files but those its ignore patterns (the
    staticfiles app's) leave out."""
    ignored = apps.get_app_config("staticfiles").ignore_patterns
    return {path for finder in finders.get_finders() for path, _storage in finder.list(ignored)}


def test_rest_frameworks_static_files_are_left_out_and_the_others_kept():
    found = _found()
    assert not [path for path in found if path.startswith("rest_framework/")]
    assert "admin/js/vendor/jquery/jquery.js" in found  # the admin's own
    assert "css/base.css" in found  # the portal's


def test_no_api_view_renders_html_that_would_need_them():
    """The premise: no API view renders HTML. The browsable API's renderer (and the admin
    renderer built on it) and the template renderer are what would use those files."""
    api_views = {
        view
        for _name, pattern in _all_named_patterns()
        if (view := getattr(pattern.callback, "cls", None)) and issubclass(view, APIView)
    }
    assert api_views
    for view in api_views:
        html = [r for r in view().get_renderers() if isinstance(r, HTML_RENDERERS)]
        assert not html, view


def test_every_app_keeps_its_own_configuration():
    """Each app's ready() runs: Django falls back to a bare AppConfig for an app whose apps
    module holds more than one configuration (the core app once lost its signals that way)."""
    from core.apps import CoreConfig

    assert type(apps.get_app_config("core")) is CoreConfig
    assert type(apps.get_app_config("staticfiles")).__module__ == "core.staticfiles"
