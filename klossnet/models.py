"""The network's own texts: start page, history, privacy policy, testimonials, contact and
the accessibility statement. Everything a reader sees is translated (see translation.py)."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .publishing import PublicationWindow, published_q, window_constraint

RICH_TEXT_HELP = _(
    "Plain text. A blank line starts a new paragraph; lines starting with “- ” become a "
    "bulleted list, “1. ” a numbered list, and “## ” a heading. Links may be written as "
    '<a href="https://…">text</a>.'
)


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


class Page(models.Model):
    """A network-level page whose text the coordinator edits."""

    class Key(models.TextChoices):
        HOME = "home", _("Start page")
        ABOUT = "about", _("About and history")
        PRIVACY = "privacy", _("Privacy policy")

    key = models.CharField(_("page"), max_length=20, choices=Key.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences shown first.")
    )
    body = models.TextField(_("text"), blank=True, help_text=RICH_TEXT_HELP)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["key"]

    def __str__(self):
        return self.get_key_display()

    def get_absolute_url(self):
        return reverse(self.key)


class TestimonialQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q())


class Testimonial(PublicationWindow):
    """A quote in “Voices on KLOSSnet”."""

    quote = models.TextField(_("quote"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role and institution"), max_length=200, help_text=_("E.g. “prorektor KTH”.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = TestimonialQuerySet.as_manager()

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["name", "quote"], name="testimonial_unique_quote"),
            window_constraint("testimonial_publish_window_ordered"),
        ]

    def __str__(self):
        return self.name


class Contact(SingletonModel):
    """Who to contact about the network (shown in every page's footer)."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contact")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="contact_single_row")]

    def __str__(self):
        return self.name


class AccessibilityStatement(SingletonModel):
    """The accessibility statement the DOS law requires (tillgänglighetsredogörelse)."""

    class Compliance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    compliance = models.CharField(
        _("compliance status"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    assessed_on = models.DateField(_("date of the compliance assessment"))
    updated_on = models.DateField(_("date of the last update of this statement"))
    non_accessible_content = models.TextField(
        _("content that is not accessible"), blank=True, help_text=RICH_TEXT_HELP
    )
    disproportionate_burden = models.TextField(
        _("content exempted as a disproportionate burden (§ 12)"),
        blank=True,
        help_text=RICH_TEXT_HELP,
    )
    outside_scope = models.TextField(
        _("content outside the law’s scope (§ 9)"), blank=True, help_text=RICH_TEXT_HELP
    )
    report_email = models.EmailField(
        _("e-mail for reporting accessibility problems"),
        blank=True,
        help_text=_("Leave empty to use the contact in the footer."),
    )

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statement")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="accessibilitystatement_single_row"
            )
        ]

    def __str__(self):
        return str(_("Accessibility statement"))

    def clean(self):
        if self.assessed_on and self.updated_on and self.updated_on < self.assessed_on:
            raise ValidationError(
                {"updated_on": _("The statement cannot be updated before it was assessed.")}
            )


class SearchDocument(models.Model):
    """One entry in the site search: a page, meeting, person… in one language.

    Rows are derived data, written only by ``klossnet.search.index`` (on save, and by
    ``manage.py rebuild_search_index``). On PostgreSQL ``vector`` holds the text search
    vector (GIN-indexed); on SQLite the FTS5 table behind :class:`SqliteSearchEntry` does.
    """

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        MEMBERS = "members", _("members only")

    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=2)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    # Found only inside this window (that of the object, or of its meeting).
    publish_from = models.DateTimeField(_("publish from"), null=True, blank=True)
    publish_until = models.DateTimeField(_("publish until"), null=True, blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="searchdocument_unique_object"
            )
        ]
        indexes = [models.Index(fields=["language", "visibility", "kind"])]

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """A word that occurs in the index: the vocabulary that no-hit suggestions come from.

    Words are only added (a rebuild starts afresh), and a word from members-only documents
    is suggested only to members.
    """

    language = models.CharField(_("language"), max_length=2)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=SearchDocument.Visibility.choices
    )
    word = models.CharField(_("word"), max_length=60)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "visibility", "word"], name="searchterm_unique_word"
            )
        ]

    def __str__(self):
        return self.word


class FTS5MatchField(models.TextField):
    """The hidden column named like an FTS5 table: ``table MATCH 'query'`` searches it."""


@FTS5MatchField.register_lookup
class FTS5Match(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SqliteSearchEntry(models.Model):
    """A row of the SQLite FTS5 table (created by migration 0002 on SQLite only).

    It holds the stems of a document's title and body; ``rank`` is FTS5's bm25 score with
    the title weighted ten times the body (lower is better).
    """

    document = models.OneToOneField(
        SearchDocument,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="sqlite_entry",
    )
    title = models.TextField()
    body = models.TextField()
    match = FTS5MatchField(db_column="klossnet_search_fts", editable=False)
    rank = models.FloatField(editable=False)

    class Meta:
        managed = False
        db_table = "klossnet_search_fts"

    def __str__(self):
        return self.title


class OutgoingMail(models.Model):
    """An e-mail the mail server did not take, kept whole so it can be sent again.

    ``klossnet.mail.mail_send`` records one when sending fails and deletes it once it is sent
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
        verbose_name = _("failed e-mail")
        verbose_name_plural = _("failed e-mails")
        ordering = ["-last_attempt_at", "-pk"]

    def __str__(self):
        return self.subject

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]
