"""The steering group and the working groups.

Memberships are never deleted: a member steps down by getting an end date, so the page can
show earlier compositions. Whether a membership is current follows from its dates.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import SingletonModel
from core.periods import DatedPeriod, Period, PeriodQuerySet
from core.richtext import RICH_TEXT_HELP
from members.models import Institution, Person

ONE_CONVENER_MESSAGE = _(
    "The steering group already has a convener for this period (%(name)s). End that "
    "membership first: there is one convener at a time."
)


class SteeringGroup(SingletonModel):
    """The steering group's own texts, which the coordinator edits."""

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences shown first.")
    )
    tasks = models.TextField(
        _("tasks"),
        blank=True,
        help_text=format_lazy(
            "{} {}", _("What the steering group does, e.g. planning the meetings."), RICH_TEXT_HELP
        ),
    )

    class Meta:
        verbose_name = _("steering group text")
        verbose_name_plural = _("steering group texts")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="steering_group_single_row")]

    def __str__(self):
        return str(_("The steering group’s texts"))


class MembershipQuerySet(PeriodQuerySet):
    def former(self, on: datetime.date | None = None):
        return self.completed(on)


class SteeringGroupMembership(Period):
    class Role(models.TextChoices):
        CONVENER = "convener", pgettext_lazy("steering group role", "convener")
        MEMBER = "member", pgettext_lazy("steering group role", "member")
        COORDINATOR = "coordinator", _("coordinator for the steering group and KLOSSnet as a whole")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="steering_group_memberships",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="steering_group_memberships",
        help_text=_("The institution the person represented in the steering group."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_(
            "The person’s title while in the group, e.g. “vicerektor”. Empty: the title "
            "stored on the person is shown."
        ),
    )
    started_on = models.DateField(
        _("from"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the start is not known; never guess a date."),
    )
    ended_on = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("Set when the person leaves the group; the membership stays as history."),
    )
    listed_on = models.DateField(
        _("listed as a member on"),
        null=True,
        blank=True,
        help_text=_(
            "When the start is unknown: the date of the source that lists the person as a "
            "member (e.g. the date KTH’s KLOSSnet page was last changed)."
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order within the same role.")
    )

    objects = MembershipQuerySet.as_manager()

    # A member listed by a dated source, start unknown, counts as a member.
    unknown_start_has_begun = True
    period_order_message = _("A membership cannot end before it starts.")

    class Meta:
        verbose_name = _("steering group membership")
        verbose_name_plural = _("steering group memberships")
        ordering = ["position", "person__name"]
        constraints = [
            # The database backs up clean(): never two open-ended conveners.
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(role="convener", ended_on__isnull=True),
                name="steering_one_open_convener",
                violation_error_message=_(
                    "The steering group already has a convener. End that membership first: "
                    "there is one convener at a time."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}"

    @property
    def shown_title(self) -> str:
        return self.title or self.person.title

    def overlapping_conveners(self):
        """Other convener memberships whose periods overlap this one's."""
        others = SteeringGroupMembership.objects.filter(role=self.Role.CONVENER).exclude(pk=self.pk)
        if self.started_on:
            others = others.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=self.started_on))
        if self.ended_on:
            others = others.filter(Q(started_on__isnull=True) | Q(started_on__lte=self.ended_on))
        return others.select_related("person")

    def clean(self):
        super().clean()
        if self.role == self.Role.CONVENER:
            other = self.overlapping_conveners().first()
            if other is not None:
                raise ValidationError(
                    {"role": ValidationError(ONE_CONVENER_MESSAGE, params={"name": other.person})}
                )


class WorkingGroup(DatedPeriod):
    """A working group of the network, e.g. on the merit value of collaboration."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=RICH_TEXT_HELP)
    themes = models.ManyToManyField(
        "meetings.Theme", verbose_name=_("themes"), related_name="working_groups", blank=True
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["-started_on", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("steering:working_group_detail", kwargs={"slug": self.slug})


class WorkingGroupMembership(Period):
    class Role(models.TextChoices):
        CHAIR = "chair", pgettext_lazy("working group role", "chair")
        MEMBER = "member", pgettext_lazy("working group role", "member")
        COORDINATOR = "coordinator", pgettext_lazy("working group role", "coordinator")

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="working_group_memberships",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="working_group_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    objects = MembershipQuerySet.as_manager()

    unknown_start_has_begun = True
    period_order_message = _("A membership cannot end before it starts.")

    class Meta:
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")
        ordering = ["role", "person__name"]

    def __str__(self):
        return f"{self.person} – {self.working_group}"
