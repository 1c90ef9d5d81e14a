"""Admin change lists that answer a bad filter value as Django's admin answers any invalid
lookup: a redirect to the unfiltered list with ``?e=1``, never a server error.

Django already does so for the field filters, but not for three things a typed or edited
address reaches: a custom list filter's own value (``?part=abc`` went straight into a
query), the date hierarchy past its ``try`` (``?date__year=99999999999999`` overflows,
``?date__year=9999`` has no next year), and values the database refuses only when the list
is counted (a NUL character on PostgreSQL). Every admin's change list is
:class:`SafeChangeList`: :func:`make_every_changelist_safe` (``CoreConfig.ready``) gives
every registered admin :class:`SafeChangeListMixin`, so no admin names it itself; every
custom filter is a :class:`ChoiceListFilter`.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import DataError
from django.utils.translation import gettext_lazy as _

from .periods import Status

# What a value the lookup cannot take raises, in Python or in the database driver.
BAD_VALUE_ERRORS = (ValueError, TypeError, OverflowError, ValidationError, DataError)


class ChoiceListFilter(admin.SimpleListFilter):
    """A list filter that accepts only the values it offers (override
    :meth:`value_allowed` to accept more) and refuses anything else as an invalid lookup."""

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        value = self.value()
        if value is not None and not self.value_allowed(value):
            raise IncorrectLookupParameters(f"{self.parameter_name}={value!r} is not offered")

    def value_allowed(self, value: str) -> bool:
        return value in {str(choice) for choice, _label in self.lookup_choices}


def is_row_id(value: str) -> bool:
    """A primary key as the database can hold it (decimal digits, 63 bits)."""
    return value.isascii() and value.isdigit() and int(value) < 2**63


class SafeChangeList(ChangeList):
    def get_filters(self, request):
        # The date hierarchy turns ?<field>__year=… into a range after its own try: a year
        # past 9999 overflows and the year 9999 has no end.
        try:
            return super().get_filters(request)
        except BAD_VALUE_ERRORS as error:
            raise IncorrectLookupParameters(error) from error

    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except BAD_VALUE_ERRORS as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            super().get_results(request)
        except BAD_VALUE_ERRORS as error:
            raise IncorrectLookupParameters(error) from error


class SafeChangeListMixin:
    """Gives a ModelAdmin the :class:`SafeChangeList`."""

    def get_changelist(self, request, **kwargs):
        return SafeChangeList


def make_every_changelist_safe(site=None) -> None:
    """Give every registered ModelAdmin the safe change list, those of other packages too
    (the task results' admin filters on free text): a new admin cannot forget it."""
    site = site or admin.site
    for model_admin in site._registry.values():
        cls = type(model_admin)
        if not issubclass(cls, SafeChangeListMixin):
            model_admin.__class__ = type(cls.__name__, (SafeChangeListMixin, cls), {})


class StatusListFilter(ChoiceListFilter):
    """Planned / ongoing / completed, worked out from the dates (nothing is stored): for the
    admin of any model with a ``core.periods`` queryset (projects, working groups)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.with_status(self.value())
        return queryset
