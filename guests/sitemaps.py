from django.urls import reverse

from core.sitemaps import PortalSitemap


class GuestsSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return ["guests:guest_list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"guests": GuestsSitemap}
