"""The records app: what a meeting leaves behind (its record) and carries forward (its open
questions). It sits above meetings, which knows nothing of it: the meeting page and the
theme page show the record and the questions through hooks (``meeting_sections`` in
``meetings.apps``, ``theme_sections`` in ``overview.apps``); the start page shows the latest
record's key insights (``home_sections`` in ``network.apps``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Meeting records")
    meeting_sections = "records.selectors.meeting_sections"
    theme_sections = "records.selectors.theme_sections"
    members_area_sections = "records.selectors.members_area_sections"
    home_sections = "records.selectors.home_sections"
    # The kinds of e-mail it sends (core.mail_kinds): the call to review, the decisions.
    mail_kinds = "records.mail_kinds.MAIL_KINDS"
