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
    def planned(self, on: datetime.date | None = None):
        return self.filter(started_on__gt=on or today())

    def ongoing(self, on: datetime.date | None = None):
        on = on or today()
        return self.filter(started_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on)
        )

    def completed(self, on: datetime.date | None = None):
        return self.filter(ended_on__lt=on or today())

    def unknown(self, on: datetime.date | None = None):
        """No start recorded and not known to have ended: the sources give no period."""
        return self.filter(started_on__isnull=True).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on or today())
        )

    def with_status(self, status: str, on: datetime.date | None = None):
        return {
            Status.PLANNED: self.planned,
            Status.ONGOING: self.ongoing,
            Status.COMPLETED: self.completed,
            Status.UNKNOWN: self.unknown,
        }[Status(status)](on)


class DatedPeriod(models.Model):
    """Abstract: a start, an optional end (empty = ongoing) and how precisely they are known."""

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
        super().clean()
        self.normalise_period()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end cannot come before the start.")})

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
