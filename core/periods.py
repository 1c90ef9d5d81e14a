"""Periods of time known to a year or to a day, and the status that follows from them.

The sources often give only years ("2013–2016", "since 2022"). A period with year
precision is stored as 1 January of its first year to 31 December of its last, so that
status queries work on plain dates, and it is *shown* as years only: no day or month is
ever presented that the sources do not give.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.base import ModelBase
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def today() -> datetime.date:
    return timezone.localdate()


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    UNKNOWN = "unknown", _("period not recorded")


class Precision(models.TextChoices):
    YEAR = "year", _("years only")
    DAY = "day", _("exact dates")


class PeriodQuerySet(models.QuerySet):
    """Status queries on any :class:`Period`, whatever its two date fields are called."""

    def _names(self) -> tuple[str, str]:
        return self.model.period_start, self.model.period_end

    def planned(self, on: datetime.date | None = None):
        start, _end = self._names()
        return self.filter(**{f"{start}__gt": on or today()})

    def ongoing(self, on: datetime.date | None = None):
        on = on or today()
        start, end = self._names()
        return self.filter(**{f"{start}__lte": on}).filter(
            Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on})
        )

    def completed(self, on: datetime.date | None = None):
        _start, end = self._names()
        return self.filter(**{f"{end}__lt": on or today()})

    def unknown(self, on: datetime.date | None = None):
        """No start recorded and not known to have ended: the sources give no period."""
        start, end = self._names()
        return self.filter(**{f"{start}__isnull": True}).filter(
            Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on or today()})
        )

    def current(self, on: datetime.date | None = None):
        """Those whose period includes ``on`` (today by default).

        A period without a recorded start counts as begun only where the model says so
        (``unknown_start_has_begun``), e.g. a steering group member listed by a source.
        """
        on = on or today()
        start, end = self._names()
        begun = Q(**{f"{start}__lte": on})
        if self.model.unknown_start_has_begun:
            begun |= Q(**{f"{start}__isnull": True})
        return self.filter(begun).filter(Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))

    def with_status(self, status: str, on: datetime.date | None = None):
        return {
            Status.PLANNED: self.planned,
            Status.ONGOING: self.ongoing,
            Status.COMPLETED: self.completed,
            Status.UNKNOWN: self.unknown,
        }[Status(status)](on)


def _inherited(name: str, attrs: dict, bases: tuple):
    if name in attrs:
        return attrs[name]
    for base in bases:
        if hasattr(base, name):
            return getattr(base, name)
    raise AttributeError(name)


class PeriodBase(ModelBase):
    """Gives every concrete :class:`Period` model the database constraint of its order.

    The constraint is added to the model's ``Meta`` before Django reads it, so it is an
    ordinary constraint (migrations, ``validate_constraints``), named
    ``<app label>_<model>_period_ordered`` and built on the model's own field names.
    """

    def __new__(mcs, name, bases, attrs, **kwargs):
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "abstract", False):
            return super().__new__(mcs, name, bases, attrs, **kwargs)
        start = _inherited("period_start", attrs, bases)
        end = _inherited("period_end", attrs, bases)
        parent_meta = meta
        if parent_meta is None:
            parent_meta = next((base.Meta for base in bases if hasattr(base, "Meta")), None)
        ordered = models.CheckConstraint(
            condition=Q(**{f"{end}__isnull": True})
            | Q(**{f"{start}__isnull": True})
            | Q(**{f"{end}__gte": models.F(start)}),
            name="%(app_label)s_%(class)s_period_ordered",
            violation_error_message=_inherited("period_order_message", attrs, bases),
        )
        constraints = [*getattr(parent_meta, "constraints", []), ordered]
        meta_bases = (parent_meta,) if parent_meta is not None else ()
        attrs = {
            **attrs,
            "Meta": type(
                "Meta", meta_bases, {"constraints": constraints, "__module__": attrs["__module__"]}
            ),
        }
        return super().__new__(mcs, name, bases, attrs, **kwargs)


class Period(models.Model, metaclass=PeriodBase):
    """Abstract: a start, an optional end (empty = still going on) and what follows.

    One place for what every dated membership, representation or project needs: the two
    fields, :attr:`is_current`, ``objects.current()``, ``clean()`` refusing an end before
    the start, and the database constraint that refuses it too (added per model by
    :class:`PeriodBase`). A model whose fields have other names (an institution's
    ``member_since``/``member_until``) removes the two fields (``started_on = None``),
    declares its own and names them in ``period_start``/``period_end``.
    """

    period_start = "started_on"
    period_end = "ended_on"
    # Does a period with no recorded start count as begun? No by default: the sources
    # give no period. Memberships listed by a dated source set it.
    unknown_start_has_begun = False
    period_order_message = _("The end cannot come before the start.")

    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        start = getattr(self, self.period_start)
        end = getattr(self, self.period_end)
        if start and end and end < start:
            raise ValidationError({self.period_end: self.period_order_message})

    def is_current_on(self, on: datetime.date) -> bool:
        start = getattr(self, self.period_start)
        end = getattr(self, self.period_end)
        begun = self.unknown_start_has_begun if start is None else start <= on
        return begun and (end is None or end >= on)

    @property
    def is_current(self) -> bool:
        return self.is_current_on(today())


class DatedPeriod(Period):
    """Abstract: a :class:`Period` that also says how precisely its dates are known."""

    started_on = models.DateField(
        _("start"),
        null=True,
        blank=True,
        help_text=_(
            "With “years only”, any date in the first year will do. Leave empty only when "
            "no source gives the start; never guess."
        ),
    )
    ended_on = models.DateField(
        _("end"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty while it is ongoing. With “years only”, any date in the last year."
        ),
    )
    precision = models.CharField(
        _("dates known as"),
        max_length=4,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_("Choose “years only” when the sources give only years, e.g. 2013–2016."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalise_period()
        super().save(*args, **kwargs)

    def normalise_period(self) -> None:
        """A year-precision period covers its years completely."""
        if self.precision == Precision.YEAR:
            if self.started_on:
                self.started_on = self.started_on.replace(month=1, day=1)
            if self.ended_on:
                self.ended_on = self.ended_on.replace(month=12, day=31)

    def clean(self):
        self.normalise_period()
        super().clean()

    def status_on(self, on: datetime.date) -> Status:
        if self.ended_on is not None and self.ended_on < on:
            return Status.COMPLETED
        if self.started_on is None:
            return Status.UNKNOWN
        if self.started_on > on:
            return Status.PLANNED
        return Status.ONGOING

    @property
    def status(self) -> Status:
        return self.status_on(today())

    def _format(self, value: datetime.date) -> str:
        if self.precision == Precision.YEAR:
            return str(value.year)
        return date_format(value, "j F Y")

    @property
    def period_display(self) -> str:
        """“2013–2016”, “since 2022”, “8 March 2017 – 30 June 2018”; empty when unknown."""
        if self.started_on is None:
            if self.ended_on is None:
                return ""
            return _("until %(end)s") % {"end": self._format(self.ended_on)}
        start = self._format(self.started_on)
        if self.ended_on is None:
            return _("since %(start)s") % {"start": start}
        end = self._format(self.ended_on)
        if start == end:
            return start
        separator = "–" if self.precision == Precision.YEAR else " – "
        return f"{start}{separator}{end}"
