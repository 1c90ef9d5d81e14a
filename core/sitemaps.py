"""The sitemap: every public page in both languages, with hreflang alternates.

Apps add their own sitemaps in ``<app>/sitemaps.py`` as a ``SITEMAPS`` dict; they are
collected here so no app has to edit the project's URLs.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.utils.module_loading import module_has_submodule


class PortalSitemap(Sitemap):
    """Base for the portal's sitemaps: both languages, alternates and x-default."""

    i18n = True
    alternates = True
    x_default = True


def collect_sitemaps() -> dict:
    sitemaps = {}
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, "sitemaps"):
            continue
        module = import_module(f"{app_config.name}.sitemaps")
        sitemaps.update(getattr(module, "SITEMAPS", {}))
    return sitemaps
