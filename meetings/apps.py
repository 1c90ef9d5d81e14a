"""The meetings app: the meeting archive.

Extension point: sections on a meeting's page
---------------------------------------------
Apps above meetings (the record of a meeting, its questions carried forward) add sections to
the meeting page without meetings knowing of them:

* ``AppConfig.meeting_sections``: dotted path to a callable taking the ``request`` and the
  ``Meeting`` shown, returning a ``list[dict]`` of sections with the keys of the institution
  page's (``members.apps``: ``title``, ``template``, ``context``, ``order``), an ``"id"`` for
  the section's <h2> (unique on the page) and a ``"place"``: ``"start"`` (opening the page,
  before the meeting's summary) or ``"end"`` (after the agenda and photos, before the
  documents).
* The section's template sees its context's keys, ``section`` and the page's context
  (``meeting``, ``request``); it starts below the <h2> (use <h3> and below).
* Return ``[]`` for nothing; the visitor's rights are the callable's to check
  (``members.permissions``). Keep its queries constant, whatever the data.

Extension point: the guests who spoke at an agenda item
--------------------------------------------------------
* ``AppConfig.agenda_guests``: dotted path to a callable taking a list of ``AgendaItem`` and
  returning ``dict[item pk, list[dict]]``: for each item that has any, its speakers as
  records of their own, each with a ``label`` (what is shown), a ``url`` (public) and an
  ``admin_url``. The meeting page's agenda shows them as links instead of the item's
  plain-text ``speakers``; the admin's agenda item shows them beside it. One query,
  whatever the data. The first app that declares the hook answers.

Extension point: the locator map in a meeting's page head
---------------------------------------------------------
* ``AppConfig.meeting_locator``: dotted path to a callable taking the ``Meeting`` shown
  (its hostings with their institutions prefetched) and returning ``None`` when it cannot
  place the meeting, else ``{"template": …, "context": {…}}``, included beside the
  meeting's facts (overview draws the host city on its map of Sweden). The first app that
  places the meeting wins. The same queries for every meeting (one).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    content_loader = "meetings.services.meetings_content_load"
    benchdata_generator = "meetings.benchdata.meetings_benchdata"
    # Engineer A's institution page asks every app for sections about an institution.
    institution_sections = "meetings.selectors.institution_sections"
    # The members' start page and a member's personal calendar ask every app for their parts.
    members_area_sections = "meetings.selectors.members_area_sections"
    personal_calendar_events = "meetings.feeds.personal_calendar_events"

    def ready(self):
        # Imported here: the models exist only once the app registry is ready.
        from django.db.models.signals import post_save

        from meetings.models import Photo, photo_restored

        # A photo restored from the history without its sizes gets them from the worker.
        post_save.connect(photo_restored, sender=Photo, dispatch_uid="meetings-photo-restored")
