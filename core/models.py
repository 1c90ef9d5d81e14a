"""The shared building blocks' models: a one-row model to build on, and e-mail the mail server
did not take."""

from django.db import models
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
