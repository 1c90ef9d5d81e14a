"""The network's invited guests: the organisations and people who spoke at its meetings.

A guest is a record of its own (an organisation, a person, or a person speaking for an
organisation), linked through a talk to the agenda item where they spoke. The agenda item's
plain-text ``speakers`` stays as it was: it is the archive's wording (search finds it, and it
needs no row that an erasure could take away); the meeting page shows the talks instead of it
where an item has any.

A person is shown by name only when the source names them publicly or they consented
(``publicly_named``); otherwise the page says what they were (role, organisation).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.protected_files import private_storage
from core.uploads import SafeUploadTo, validate_document
from meetings.models import AgendaItem, Document, Meeting


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        AGENCY = "agency", _("government agency")
        STUDENT_UNION = "student_union", _("student union")
        INDUSTRY = "industry", _("industry")
        REGION = "region", _("region or municipality")
        HEI = "hei", _("higher education institution")
        OTHER = "other", _("other organisation")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("E.g. UKÄ, SKR, SFS.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The organisation's anchor on the guests page."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    agenda_items = models.ManyToManyField(
        AgendaItem,
        through="Talk",
        through_fields=("organisation", "agenda_item"),
        related_name="guest_organisations",
        verbose_name=_("agenda items"),
        blank=True,
    )

    class Meta:
        verbose_name = _("guest organisation")
        verbose_name_plural = _("guest organisations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.short_name or self.name_sv or self.name)[:100]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('guests:guest_list')}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"org-{self.slug}"


class Guest(models.Model):
    """A person who spoke at a meeting."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("As the source gives it, e.g. “Director General”."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    publicly_named = models.BooleanField(
        _("shown by name"),
        default=False,
        help_text=_(
            "Tick only when the source names the person publicly or they consented; "
            "otherwise the public pages show only their role and organisation."
        ),
    )
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("Where the link for uploading their slides goes. Never shown."),
    )
    agenda_items = models.ManyToManyField(
        AgendaItem,
        through="Talk",
        through_fields=("guest", "agenda_item"),
        related_name="guests",
        verbose_name=_("agenda items"),
        blank=True,
    )

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('guests:guest_list')}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"guest-{self.pk}"

    @property
    def public_name(self) -> str:
        """The name where it may be shown, else what the person was."""
        if self.publicly_named:
            return self.name
        return self.role or str(_("a guest"))


class TalkQuerySet(models.QuerySet):
    def published(self):
        """Talks at published meetings."""
        return self.filter(agenda_item__meeting__in=Meeting.objects.published().values("pk"))


class Talk(models.Model):
    """A guest's part in an agenda item: a person, an organisation, or a person for one."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="talks",
    )
    guest = models.ForeignKey(
        Guest,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="talks",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="talks",
        null=True,
        blank=True,
        help_text=_("The organisation they spoke for (their own at the time)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TalkQuerySet.as_manager()

    class Meta:
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(guest__isnull=False) | Q(organisation__isnull=False),
                name="talk_has_guest_or_organisation",
            )
        ]

    def __str__(self):
        return " – ".join(part for part in (self.speaker_label, str(self.agenda_item)) if part)

    def clean(self):
        super().clean()
        if self.guest_id is None and self.organisation_id is None:
            raise ValidationError(_("Name the person or the organisation who spoke (or both)."))

    @property
    def speaker_label(self) -> str:
        """What the public pages say of who spoke: name or role, and organisation."""
        parts = []
        if self.guest_id:
            parts.append(self.guest.public_name)
            if self.guest.publicly_named and self.guest.role:
                parts.append(self.guest.role)
        if self.organisation_id:
            parts.append(self.organisation.name)
        return ", ".join(parts)

    @property
    def url(self) -> str:
        """The guest's place on the guests page: the person, else the organisation."""
        if self.guest_id:
            return self.guest.get_absolute_url()
        return self.organisation.get_absolute_url()


class SlideUpload(models.Model):
    """Slides a guest sent for their talk through the signed link (``guests.links``). They
    wait for the coordinator: published, they become a document of the meeting with the
    visibility the coordinator chose (members only unless told otherwise)."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")

    talk = models.ForeignKey(
        Talk, verbose_name=_("talk"), on_delete=models.CASCADE, related_name="slide_uploads"
    )
    title = models.CharField(_("title"), max_length=300)
    # Outside MEDIA_ROOT, as every meeting document: nothing of it is public before approval.
    file = models.FileField(
        _("file"),
        upload_to=SafeUploadTo("guests/slides"),
        storage=private_storage,
        validators=[validate_document],
        max_length=200,
        help_text=_("PDF, Office document or image, at most 25 MB."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    visibility = models.CharField(
        _("visibility when published"),
        max_length=20,
        choices=Document.Visibility.choices,
        default=Document.Visibility.MEMBERS,
    )
    document = models.OneToOneField(
        Document,
        verbose_name=_("published as"),
        on_delete=models.SET_NULL,
        related_name="slide_upload",
        null=True,
        blank=True,
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("slides from a guest")
        verbose_name_plural = _("slides from guests")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
