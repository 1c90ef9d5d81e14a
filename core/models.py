"""The shared building blocks' models: a one-row model to build on, e-mail the mail server
did not take, the kinds of e-mail recipients switched off and the addresses no e-mail may
reach (core.mail)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SingletonModel(models.Model):
    """A model with exactly one row, edited in the admin (contact, accessibility statement)."""

    singleton_pk = 1

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = self.singleton_pk
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        return cls.objects.filter(pk=cls.singleton_pk).first() or cls(pk=cls.singleton_pk)


class OutgoingMail(models.Model):
    """An e-mail the mail server did not take, kept whole so it can be sent again.

    ``core.mail.mail_send`` records one when sending fails and deletes it once it is sent
    again, so these rows are the e-mails still owed. It holds what the e-mail held (for an
    invitation, its link) until then.
    """

    # Bookkeeping no public page shows: saving one leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    created_at = models.DateTimeField(_("first attempt"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"))
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    error = models.TextField(_("error"))
    kind = models.CharField(_("kind"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("copy to"), default=list, blank=True)
    bcc = models.JSONField(_("blind copy to"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("message"))
    # [[content, mimetype], …]: an HTML version of the message, if any.
    alternatives = models.JSONField(_("alternative versions"), default=list, blank=True)
    # [{"filename", "mimetype", "content" (base64)}, …]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)

    class Meta:
        db_table = "klossnet_outgoingmail"
        verbose_name = _("failed e-mail")
        verbose_name_plural = _("failed e-mails")
        ordering = ["-last_attempt_at", "-pk"]

    def __str__(self):
        return self.subject

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]


class MailOptOut(models.Model):
    """A kind of e-mail (``core.mail_kinds``) a recipient switched off: on the preference
    page, or with the one-click unsubscribe of a message of that kind.

    Bound to the login, so it follows a changed address; a recipient without a login (a
    colleague registered by someone else) is known by their address instead.
    """

    # Bookkeeping no public page shows: saving one leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mail_opt_outs",
    )
    address = models.EmailField(_("e-mail address"), blank=True)
    kind = models.CharField(_("kind"), max_length=100)
    created_at = models.DateTimeField(_("switched off"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail switched off")
        verbose_name_plural = _("e-mails switched off")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(address=""))
                | (Q(user__isnull=True) & ~Q(address="")),
                name="core_mailoptout_user_or_address",
            ),
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(user__isnull=False),
                name="core_mailoptout_unique_user_kind",
            ),
            models.UniqueConstraint(
                Lower("address"),
                "kind",
                condition=Q(user__isnull=True),
                name="core_mailoptout_unique_address_kind",
            ),
        ]

    def __str__(self):
        return f"{self.user or self.address}: {self.kind}"


class SuppressedAddress(models.Model):
    """An address no e-mail a recipient may switch off goes to: it bounced, or its owner
    reported a message as spam (the mail provider's webhook, ``core.mail_tracking``), or
    the coordinator added it. Removing the row lets mail go to it again."""

    # Bookkeeping no public page shows: saving one leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    class Reason(models.TextChoices):
        BOUNCED = "bounced", _("bounced")
        COMPLAINED = "complained", _("reported as spam")
        MANUAL = "manual", _("added by the coordinator")

    address = models.EmailField(_("e-mail address"), unique=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    detail = models.TextField(
        _("detail"), blank=True, help_text=_("What the mail provider reported.")
    )
    provider = models.CharField(_("mail provider"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("blocked e-mail address")
        verbose_name_plural = _("blocked e-mail addresses")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.address

    def save(self, *args, **kwargs):
        self.address = self.address.strip().lower()
        super().save(*args, **kwargs)
