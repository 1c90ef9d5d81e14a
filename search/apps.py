from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site search: one index fed by every app's ``search_documents.py``."""

    name = "search"
    verbose_name = _("Search")

    def ready(self):
        # The providers are read from every app once all models are loaded.
        from search import signals

        # The index follows every save, delete and many-to-many change of what it shows.
        signals.connect()
