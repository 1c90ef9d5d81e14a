"""Scheduled publishing and staff preview, shared by meetings, projects and testimonials.

A row is public when it is marked published and the time is inside its publication window
(``publish_from`` ≤ now < ``publish_until``, each optional). The window is checked in the
queries themselves (``published_q``), so nothing has to run at the boundary: no cron job.

Caches of public pages must not outlive a boundary: ``next_publication_change()`` gives the
next moment at which some row appears or disappears.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from core.admin_filters import ChoiceListFilter

PREVIEW_PARAMETER = "preview"


def _not_ended_q(prefix: str, now: datetime.datetime) -> Q:
    return Q(**{f"{prefix}publish_until__isnull": True}) | Q(**{f"{prefix}publish_until__gt": now})


def window_q(prefix: str = "", *, now: datetime.datetime | None = None) -> Q:
    """Rows whose publication window (``publish_from``, ``publish_until``) holds ``now``."""
    now = now or timezone.now()
    started = Q(**{f"{prefix}publish_from__isnull": True}) | Q(
        **{f"{prefix}publish_from__lte": now}
    )
    return started & _not_ended_q(prefix, now)


def published_q(prefix: str = "", *, now: datetime.datetime | None = None) -> Q:
    """Rows published now; ``prefix`` reaches them through a relation (``"meeting__"``)."""
    return Q(**{f"{prefix}is_published": True}) & window_q(prefix, now=now)


def indexable_q(prefix: str = "", *, now: datetime.datetime | None = None) -> Q:
    """Rows published now or scheduled to be: the search index holds them with their window
    and applies it when searching, so they appear and disappear on time without a re-index."""
    return Q(**{f"{prefix}is_published": True}) & _not_ended_q(prefix, now or timezone.now())


def window_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(publish_from__isnull=True)
        | Q(publish_until__isnull=True)
        | Q(publish_until__gt=models.F("publish_from")),
        name=name,
    )


class PublicationWindow(models.Model):
    """Optional start and end of publication. Put it first among the bases, so its
    ``clean()`` runs; the model keeps its own ``is_published`` (defaults differ)."""

    publish_from = models.DateTimeField(
        _("publish from"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty to publish as soon as “published” is ticked. With a date and time, "
            "the page appears then by itself."
        ),
    )
    publish_until = models.DateTimeField(
        _("publish until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep it published. With a date and time, it is hidden then."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.publish_from and self.publish_until and self.publish_until <= self.publish_from:
            raise ValidationError(
                {"publish_until": _("“Publish until” must be after “publish from”.")}
            )

    @property
    def is_public(self) -> bool:
        """Whether the public sees it now (the same rule as ``published_q``)."""
        return self.is_public_at(timezone.now())

    def is_public_at(self, now: datetime.datetime) -> bool:
        """Whether the public sees it at ``now`` (the same rule as ``published_q``)."""
        return (
            self.is_published
            and (self.publish_from is None or self.publish_from <= now)
            and (self.publish_until is None or self.publish_until > now)
        )


def publishable_models() -> list[type[models.Model]]:
    """Every model with a publication window: found by what it is, not listed."""
    return [model for model in apps.get_models() if issubclass(model, PublicationWindow)]


def next_publication_change(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The next moment a published row appears or disappears, or None if none is scheduled.

    A page cached for anonymous visitors must expire at the latest then (two queries per
    model: the next start and the next end of a window).
    """
    now = now or timezone.now()
    moments = []
    for model in publishable_models():
        published = model._default_manager.filter(is_published=True)
        moments.append(
            published.filter(publish_from__gt=now).aggregate(at=Min("publish_from"))["at"]
        )
        moments.append(
            published.filter(publish_until__gt=now).aggregate(at=Min("publish_until"))["at"]
        )
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None


# --- Preview ------------------------------------------------------------------------------


def is_preview(request) -> bool:
    """Staff asking to see a page as the public will (drafts included)."""
    return PREVIEW_PARAMETER in request.GET and request.user.is_staff


def preview_response(response):
    """A preview is never cached nor indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


class PublicationStatusFilter(ChoiceListFilter):
    """Draft / scheduled / public / expired, worked out from the flag and the window."""

    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("public", _("public now")),
            ("scheduled", _("scheduled")),
            ("expired", _("publication ended")),
            ("draft", _("draft (not published)")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "public":
                return queryset.filter(published_q(now=now))
            case "scheduled":
                return queryset.filter(is_published=True, publish_from__gt=now)
            case "expired":
                return queryset.filter(is_published=True, publish_until__lte=now)
            case "draft":
                return queryset.filter(is_published=False)
        return queryset


class PreviewAdminMixin:
    """Adds “Preview” links (one per language) to the change form of a model whose public
    page accepts ``?preview`` from staff."""

    change_form_template = "admin/preview_change_form.html"

    def preview_links(self, obj) -> list[dict]:
        links = []
        for code, language in settings.LANGUAGES:
            with translation.override(code):
                url = obj.get_absolute_url()
            label = _("Preview in %(language)s") % {"language": language}
            links.append({"url": f"{url}?{PREVIEW_PARAMETER}=1", "label": label, "lang": code})
        return links

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["preview_links"] = self.preview_links(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
