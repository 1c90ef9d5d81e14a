"""The network's joint development projects: who took part, who funded them, what came of them.

A project's status (planned, ongoing, completed) is never stored: it follows from its dates.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.periods import DatedPeriod, PeriodQuerySet, Precision, Status  # noqa: F401
from core.publishing import PublicationWindow, published_q, window_constraint
from core.richtext import RICH_TEXT_HELP
from core.uploads import SafeUploadTo, validate_document
from members.models import Institution, Person


class Funder(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProjectQuerySet(PeriodQuerySet):
    def published(self):
        """Published and inside the publication window now."""
        return self.filter(published_q())

    def top_level(self):
        return self.filter(parent__isnull=True)

    def involving(self, institution: Institution):
        """Projects the institution coordinated or took part in."""
        return self.filter(
            Q(coordinating_institution=institution) | Q(participants__institution=institution)
        ).distinct()


class Project(PublicationWindow, DatedPeriod):
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(
        _("acronym"), max_length=40, blank=True, help_text=_("E.g. KLOSS, SWE-CAM.")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in lists.")
    )
    description = models.TextField(_("description"), blank=True, help_text=RICH_TEXT_HELP)
    goals = models.TextField(_("goals"), blank=True, help_text=RICH_TEXT_HELP)
    focus_areas = models.TextField(_("focus areas"), blank=True, help_text=RICH_TEXT_HELP)
    website = models.URLField(_("website"), blank=True)
    coordinating_institution = models.ForeignKey(
        Institution,
        verbose_name=_("coordinating institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_projects",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The larger project or portfolio this project belongs to."),
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("related projects"),
        blank=True,
        help_text=_("Projects this one builds on or is linked to (shown both ways)."),
    )
    working_group = models.ForeignKey(
        "steering.WorkingGroup",
        verbose_name=_("run by the working group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    funders = models.ManyToManyField(
        Funder,
        verbose_name=_("funders"),
        through="Funding",
        blank=True,
        related_name="projects",
    )
    themes = models.ManyToManyField(
        "meetings.Theme", verbose_name=_("themes"), related_name="projects", blank=True
    )

    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Untick to keep the project as a draft that only staff can preview."),
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-started_on", "name"]
        constraints = [
            window_constraint("project_publish_window_ordered"),
        ]

    def __str__(self):
        if self.acronym and not self.name.startswith(self.acronym):
            return f"{self.acronym} – {self.name}"
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project_detail", kwargs={"slug": self.slug})

    @property
    def heading(self) -> str:
        return self.acronym or self.name

    def clean(self):
        super().clean()
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A project cannot be part of itself.")})
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.parent_id == self.pk:
                raise ValidationError(
                    {"parent": _("A project cannot be part of one of its own sub-projects.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Funding(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="fundings"
    )
    funder = models.ForeignKey(
        Funder, verbose_name=_("funder"), on_delete=models.PROTECT, related_name="fundings"
    )
    amount = models.DecimalField(
        _("amount (SEK)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("Only when known."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("The funder’s reference (diarienummer), when known."),
    )

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["funder__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "funder"], name="funding_unique_funder"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="funding_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.funder} – {self.project}"


class Participant(models.Model):
    """An institution taking part in a project, and in what role."""

    class Role(models.TextChoices):
        LEAD = "lead", pgettext_lazy("institution's role in a project", "lead")
        PARTNER = "partner", pgettext_lazy("institution's role in a project", "partner")
        PILOT = "pilot", pgettext_lazy("institution's role in a project", "pilot project")
        PARTICIPANT = "participant", pgettext_lazy("institution's role in a project", "participant")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="participants"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="project_participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    note = models.CharField(
        _("note"),
        max_length=250,
        blank=True,
        help_text=_("E.g. what the pilot project is about, or when the institution joined."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("participating institution")
        verbose_name_plural = _("participating institutions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "institution"], name="participant_unique_institution"
            )
        ]

    def __str__(self):
        return f"{self.institution} ({self.get_role_display()})"


class ProjectContact(models.Model):
    """A person with a named role in a project (the learning projects' leaders too)."""

    class Role(models.TextChoices):
        PROJECT_MANAGER = "project_manager", _("project manager")
        CONTACT = "contact", _("contact person")
        CONTENT_LEADER = "content_leader", _("content leader")
        PROCESS_LEADER = "process_leader", _("process leader")
        PARTICIPANT = "participant", pgettext_lazy("person's role in a project", "participant")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="contacts"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="project_contacts",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_contacts",
        help_text=_("The institution the person represents in the project."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONTACT)
    note = models.CharField(_("note"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person", "role"], name="project_contact_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class ProjectResult(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("report")
        BOOK = "book", _("book")
        FINAL_REPORT = "final_report", _("final report")
        OTHER = "other", pgettext_lazy("kind of result", "other")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="results"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REPORT)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=RICH_TEXT_HELP)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(
        _("file"),
        upload_to=SafeUploadTo("project-results"),
        blank=True,
        validators=[validate_document],
        help_text=_("PDF, Office document or image, at most 25 MB."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2200),
                name="project_result_year_plausible",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.year is not None and not 1900 <= self.year <= 2200:
            raise ValidationError({"year": _("Enter a year such as 2016.")})


class ProjectMeeting(models.Model):
    """One meeting in a project's own series (e.g. a learning project's gatherings)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=250)
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=RICH_TEXT_HELP)

    class Meta:
        verbose_name = _("project meeting")
        verbose_name_plural = _("project meetings")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"
