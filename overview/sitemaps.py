from django.urls import reverse

from core.sitemaps import PortalSitemap

from .themes import theme_index


class OverviewPagesSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return ["overview:theme_list", "overview:places", "overview:numbers"]

    def location(self, item):
        return reverse(item)


class ThemeSitemap(PortalSitemap):
    """Themes something in the archive took up; an example theme nothing is linked to yet
    is not a page worth a search engine's visit."""

    changefreq = "monthly"

    def items(self):
        return [summary.theme for summary in theme_index() if summary.total]


SITEMAPS = {"overview": OverviewPagesSitemap, "themes": ThemeSitemap}
