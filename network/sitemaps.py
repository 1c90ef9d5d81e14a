from django.urls import reverse

from core.sitemaps import PortalSitemap


class NetworkPagesSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return ["home", "about", "contact", "privacy", "accessibility"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": NetworkPagesSitemap}
