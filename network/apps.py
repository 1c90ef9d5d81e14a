from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The network itself: its own texts, testimonials, contact and the site's own pages."""

    name = "network"
    verbose_name = _("The network")
    # Each app may name a function that loads its part of the seed content; load_klossnet
    # calls them in INSTALLED_APPS order.
    content_loader = "network.services.network_content_load"
