"""The network app: the network's own pages and the site's plumbing.

Extension point: sections on the start page
-------------------------------------------
Apps add what is happening to the start page without the network app knowing them (the
record of the latest meeting shows its highlights there):

* ``AppConfig.home_sections``: dotted path to a callable taking the ``request`` and
  returning a ``list[dict]`` of sections with the keys of the institution page's
  (``members.apps``: ``title``, ``template``, ``context``, ``order``) and an ``"id"``, the
  HTML id of the section's <h2>, unique on the page (without one: ``"<app label>-<n>"``).
* The sections follow the next meeting, the map and the numbers, sorted by ``order``; the
  section's template sees its context's keys, ``section`` and the page's context, and
  starts below the <h2> (use <h3> and below).
* Return ``[]`` for nothing; a section returned is shown. The page is cached whole for
  visitors without a session, so what a section shows must be the same for every
  anonymous visitor. Keep its queries constant, whatever the data.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The network itself: its own texts, testimonials, contact and the site's own pages."""

    name = "network"
    verbose_name = _("The network")
    # Each app may name a function that loads its part of the seed content; load_klossnet
    # calls them in INSTALLED_APPS order.
    content_loader = "network.services.network_content_load"
    # The kinds of e-mail it sends (core.mail_kinds): the contact form's message.
    mail_kinds = "network.mail_kinds.MAIL_KINDS"
