"""The feedback app: anonymous surveys after a meeting, from templates reused for every
meeting (see ``feedback.models`` for what is stored and why it stays anonymous)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback after meetings")
    members_area_sections = "feedback.selectors.members_area_sections"
    # The kinds of e-mail it sends (core.mail_kinds).
    mail_kinds = "feedback.mail_kinds.MAIL_KINDS"
