from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The building blocks every app uses: publication windows, periods, uploads, rich
    text, protected files, object storage, concurrency, history, e-mail and the page cache.
    It imports no domain app; they reach it, never the other way."""

    name = "core"
    verbose_name = _("Portal")
    # members.services.person_erase calls this: failed e-mails to or about them, the kinds of
    # e-mail they switched off and their blocked addresses go too.
    person_eraser = "core.mail.mail_person_erase"

    def ready(self):
        # Signal handlers are connected once the models are loaded (Django's rule for ready()).
        from django.db.models.signals import pre_migrate

        from core import admin_filters, cache, history, mail_tracking, pagecache, stored_files

        # `migrate` creates the database cache's tables before it applies a migration: the data
        # migrations' saves already use the cache (the page cache's content version).
        # `check --deploy` reports a missing one.
        pre_migrate.connect(cache.create_cache_tables, sender=self)
        pagecache.connect_signals()
        # Replacing or deleting an upload deletes its file and renditions from storage.
        stored_files.connect()
        # A mail provider's bounces and spam reports block the address.
        mail_tracking.connect()
        # Every change list refuses bad filter values as Django does an invalid lookup,
        # third-party admins included (the admin has registered them all by now).
        admin_filters.make_every_changelist_safe()
        # History messages in the coordinator's words; a save that changed nothing logs none.
        history.make_every_change_message_readable()
        history.name_every_through_row()
