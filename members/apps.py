"""The members app: institutions, people and representations.

Extension point: sections on the institution page
-------------------------------------------------
Other apps (meetings hosted, projects, steering roles…) add sections to the public
institution page without the members app knowing about them. The contract:

* An app's ``AppConfig`` may have an attribute ``institution_sections``: the dotted path to
  a callable, e.g. ``institution_sections = "meetings.selectors.institution_sections"``.
* The callable takes one argument, the ``Institution`` shown, and returns a ``list[dict]``,
  each dict::

      {
          "title": <translated str>,             # heading of the section (an <h2>)
          "template": "<app>/includes/….html",   # rendered with {% include %}
          "context": {...},                       # extra context for that template
          "order": int,                           # sections are sorted by this, ascending
      }

* It returns ``[]`` when the app has nothing for this institution; empty sections are then
  not shown at all.
* The detail view (``members.views.institution_detail``) collects the sections of every
  installed app (``import_string``), sorts them by ``order`` and the template renders each as
  ``<section><h2>{{ section.title }}</h2>…</section>`` with the section's template included
  like ``{% include section.template with <key>=<value> … %}`` for every item of
  ``section.context`` (tag ``{% include_section section %}`` in ``members_tags``). So the
  included template sees each context key as a variable (``{{ meetings }}``), plus
  ``section`` itself (``{{ section.context.meetings }}`` works too), plus the page's context
  (``request``, ``institution``).
* The included template should not repeat the <h2>; use <h3> and below inside it.
* Keep the number of SQL queries of the callable constant (independent of how much data the
  institution has): one query per section with ``select_related``/``prefetch_related``.

Extension point: sections on the members' start page
----------------------------------------------------
The same contract for the start page of the members' area (``members.area_views.start``),
where meetings adds "Next meeting" and "Recent material":

* ``AppConfig.members_area_sections``: dotted path to a callable taking the ``request`` (the
  visitor is a member; ``request.user``) and returning a ``list[dict]`` of sections with the
  keys above (``title``, ``template``, ``context``, ``order``) and one more, ``"id"``: the
  HTML id of the section's <h2> (``<section aria-labelledby="<id>">``), unique on the page.
  Without it the section gets ``"<app label>-<n>"``.
* A section returned is always shown, so it says itself when it has nothing yet; return
  ``[]`` to leave it out. The same constant-queries rule applies.

Extension point: events in a member's personal calendar
-------------------------------------------------------
The personal calendar (``members.calendar.personal_ical``) holds what other apps put in it:

* ``AppConfig.personal_calendar_events``: dotted path to a callable taking the ``request``
  (for absolute addresses and the host in event uids) and the member's ``User``, returning
  a ``list[icalendar.Event]`` (complete events: uid, summary, dates, description, url…).
* The calendar adds the events of every installed app, in app order, to one ``VCALENDAR``.
  The membership check is done before; the events may hold members-only details. The same
  constant-queries rule applies.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Member institutions and people")
    # load_klossnet calls this to load the institutions and people in content.
    content_loader = "members.services.members_content_load"
    benchdata_generator = "members.benchdata.members_benchdata"
    # The site search (below this app) asks this who may find members-only material.
    members_only_check = "members.permissions.is_member"
    # The kinds of e-mail it sends (core.mail_kinds).
    mail_kinds = "members.mail_kinds.MAIL_KINDS"
    # Hooks other apps may set (contracts above): institution_sections,
    # members_area_sections, personal_calendar_events.

    def ready(self):
        from django.db.models.signals import post_migrate

        from .groups import coordinator_group_sync

        # After every migrate, the coordinator group holds the permissions of every model.
        post_migrate.connect(coordinator_group_sync, dispatch_uid="coordinator_group_sync")

        from .login_limits import use_login_limits_cache

        # allauth's rate limits count where page traffic cannot evict them.
        use_login_limits_cache()
