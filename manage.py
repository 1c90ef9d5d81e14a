#!/usr/bin/env python
"""Django's command-line utility for the KLOSSnet portal."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klossnet.settings")
    # On a developer's machine (no secret key given) management commands run in development
    # mode. Production always sets DJANGO_SECRET_KEY, so this never applies there, and the
    # WSGI/ASGI entry points never default to debug at all.
    if not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
