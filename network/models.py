"""The network's own texts: start page, history, privacy policy, testimonials, contact and
the accessibility statement. Everything a reader sees is translated (see translation.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import SingletonModel
from core.publishing import PublicationWindow, published_q, window_constraint
from core.richtext import RICH_TEXT_HELP


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
        db_table = "klossnet_page"
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
        db_table = "klossnet_testimonial"
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
        db_table = "klossnet_contact"
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
        db_table = "klossnet_accessibilitystatement"
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
