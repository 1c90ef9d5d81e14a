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

    def ready(self):
        from django.db.models.signals import post_migrate

        from .groups import coordinator_group_sync

        # After every migrate, the coordinator group holds the permissions of every model.
        post_migrate.connect(coordinator_group_sync, dispatch_uid="coordinator_group_sync")

        from .login_limits import use_login_limits_cache

        # allauth's rate limits count where page traffic cannot evict them.
        use_login_limits_cache()
