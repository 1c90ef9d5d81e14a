from django.urls import reverse

from core.sitemaps import PortalSitemap

from .models import Institution


class InstitutionDirectorySitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return ["members:institution_list"]

    def location(self, item):
        return reverse(item)


class InstitutionSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Institution.objects.order_by("pk")


SITEMAPS = {
    "institution_directory": InstitutionDirectorySitemap,
    "institutions": InstitutionSitemap,
}
