from django.urls import reverse

from core.sitemaps import PortalSitemap
from meetings.models import Theme


class OverviewPagesSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return ["overview:theme_list", "overview:places", "overview:numbers"]

    def location(self, item):
        return reverse(item)


class ThemeSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Theme.objects.order_by("position", "pk")


SITEMAPS = {"overview": OverviewPagesSitemap, "themes": ThemeSitemap}
