"""Who is in the network: institutions, people and the representations that link them.

History is kept, never deleted: an institution leaves by getting an end date, a
representative steps down by getting an end date, and a renamed or merged institution
points to its successor.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.periods import Period, PeriodQuerySet
from core.uploads import ImageUploadField, SafeUploadTo, validate_image


class User(AbstractUser):
    """A login. Members log in by e-mail; the username is kept only for Django's admin."""

    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    marked_as_member = models.BooleanField(
        _("marked as member"),
        default=False,
        help_text=_(
            "Gives access to the members' area even without a link to a person at a "
            "current member institution."
        ),
    )
    approved_at = models.DateTimeField(
        _("approved"),
        null=True,
        blank=True,
        help_text=_("When the coordinator approved a self sign-up. Empty: awaiting approval."),
    )

    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language the portal writes to this login in. Empty: the site's language "
            "(Swedish). The member chooses it on their e-mail settings page."
        ),
    )

    calendar_token = models.CharField(
        _("personal calendar key"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The secret part of the member's personal calendar address."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def new_calendar_token(self) -> str:
        """A new personal calendar address; the old one stops working at once."""
        self.calendar_token = secrets.token_urlsafe(32)
        self.save(update_fields=["calendar_token"])
        return self.calendar_token


class InstitutionQuerySet(PeriodQuerySet):
    def current_members(self, on: datetime.date | None = None):
        """Institutions whose membership period includes ``on`` (today by default)."""
        return self.current(on)


class Institution(Period):
    # The membership is the period; its fields keep their own names.
    period_start = "member_since"
    period_end = "member_until"
    period_order_message = _("A membership cannot end before it starts.")
    started_on = None
    ended_on = None

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("university")
        UNIVERSITY_COLLEGE = "university_college", _("university college")
        SPECIALISED = "specialised", _("specialised institution")
        FOREIGN = "foreign", _("foreign member")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=30, blank=True, help_text=_("Acronym, e.g. KTH, SLU, LiU.")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=2, default="SE", help_text=_("ISO country code, e.g. SE or FI.")
    )
    website = models.URLField(_("website"), blank=True)
    logo = ImageUploadField(
        _("logo"),
        upload_to=SafeUploadTo("logos"),
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG, WebP or GIF, at most 10 MB. Its alt text is the name."),
    )
    email_domains = models.TextField(
        _("e-mail domains"),
        blank=True,
        help_text=_("The domains its staff use, one per line (e.g. kth.se). Used for sign-up."),
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    member_until = models.DateField(
        _("member until"),
        null=True,
        blank=True,
        help_text=_("Set a date when the institution leaves the network; nothing is deleted."),
    )
    # Where the institution is (its main campus), for the map of where the network met.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees north, e.g. 59.34980 for KTH's main campus."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees east, e.g. 18.07070 for KTH's main campus."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("When the institution merged or was renamed: the institution it became."),
    )

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="institution_coordinates_complete_and_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:institution_detail", kwargs={"slug": self.slug})

    @property
    def is_current_member(self) -> bool:
        return self.is_current

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def email_domain_list(self) -> list[str]:
        return [
            line.strip().lower().lstrip("@")
            for line in self.email_domains.replace(",", "\n").splitlines()
            if line.strip()
        ]

    def clean(self):
        super().clean()
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("An institution cannot succeed itself.")})
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({missing: _("Give both latitude and longitude, or neither.")})


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Role at the institution, e.g. “vicerektor” / “Pro-Vice-Chancellor”."),
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    photo = ImageUploadField(
        _("photo"),
        upload_to=SafeUploadTo("people"),
        blank=True,
        validators=[validate_image],
    )
    photo_alt = models.CharField(
        _("photo description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("Required when there is a photo: describe it for those who cannot see it."),
    )
    publication_consent = models.BooleanField(
        _("contact details and photo may be shown publicly"),
        default=False,
        help_text=_(
            "Only with the person’s consent. Members always see contact details in the "
            "members’ area."
        ),
    )
    consent_changed_at = models.DateTimeField(_("consent last changed"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.photo and not self.photo_alt:
            raise ValidationError(
                {"photo_alt": _("Describe the photo: every image needs a text alternative.")}
            )


class Representation(Period):
    """A person appointed by the vice-chancellor to represent an institution in KLOSSnet."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="representations"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="representations",
    )
    started_on = models.DateField(_("from"))

    period_order_message = _("A representation cannot end before it starts.")

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["-started_on"]

    def __str__(self):
        return f"{self.person} – {self.institution}"


def _invitation_expiry() -> datetime.datetime:
    return timezone.now() + Invitation.LIFETIME


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """The coordinator's invitation to a person to set a password and log in.

    Only a hash of the token is stored: the link in the e-mail is the one place the token
    exists. An invitation works once and for a limited time.
    """

    # Bookkeeping no public page shows: saving one leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    LIFETIME = datetime.timedelta(days=14)

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the invitation e-mail and of the page it links to."),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), default=_invitation_expiry)
    used_at = models.DateTimeField(_("used"), null=True, blank=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.person} <{self.email}>"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
