"""The staticfiles app's configuration (INSTALLED_APPS names it in place of Django's).

A module of its own: Django picks an app's configuration from its ``apps`` module only when
that module holds exactly one, so a second one in ``core/apps.py`` would leave the core app
without its own (and without what its ready() connects).
"""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    """django.contrib.staticfiles without Django REST framework's own static files: the
    Bootstrap, jQuery, fonts and source maps of its browsable API, which the portal does not
    offer (the API answers in JSON alone, REST_FRAMEWORK's renderers). Nothing links to them;
    collected, they were 2.7 of the 6.3 MB the production storage compresses at every build
    (and on every deployment's collectstatic)."""

    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "rest_framework"]
