"""What the site search finds among the network's own pages (see search.registry)."""

from django.utils.translation import gettext_lazy as _

from network.models import Page
from search.registry import Entry, Provider, plain


class PageProvider(Provider):
    kind = "page"
    label = _("The network’s pages")
    position = 90
    model = Page
    watch = {"network.Page": lambda page: [page.pk]}

    def queryset(self):
        return Page.objects.all()

    def entry(self, page):
        return Entry(
            title=page.title,
            body="\n".join(p for p in (plain(page.lead), plain(page.body)) if p),
            url=page.get_absolute_url(),
        )


PROVIDERS = [PageProvider()]
