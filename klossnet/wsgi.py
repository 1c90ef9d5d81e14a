"""WSGI entry point (gunicorn klossnet.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klossnet.settings")
application = get_wsgi_application()
