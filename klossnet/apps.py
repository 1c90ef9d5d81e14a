from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlossnetConfig(AppConfig):
    """The network itself: its own texts, testimonials, contact and the shared site pages."""

    name = "klossnet"
    verbose_name = _("The network")
    # Each app may name a function that loads its part of the seed content; load_klossnet
    # calls them in INSTALLED_APPS order.
    content_loader = "klossnet.services.network_content_load"
    # members.services.person_erase calls this: failed e-mails to or about them go too.
    person_eraser = "klossnet.mail.outgoing_mail_erase"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import cache, pagecache

        # `migrate` creates the database cache's tables; `check --deploy` reports a missing one.
        post_migrate.connect(cache.create_cache_tables, sender=self)

        pagecache.connect_signals()
        # The site search re-indexes what a save in the admin (or anywhere) changed.
        from .search import signals

        signals.connect()
        # Replacing or deleting an upload deletes its file and renditions from storage.
        from . import stored_files

        stored_files.connect()
