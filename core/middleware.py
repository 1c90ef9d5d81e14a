"""The portal's own middleware: a ``Permissions-Policy`` on every answer, and a translated
503 page, not a stack trace, while the database or Redis is unreachable."""

import redis
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

# Lost connections and refused logins; other database errors are bugs and stay 500s.
UNAVAILABLE = (OperationalError, InterfaceError)
# Redis (REDIS_URL) not answering: refused, timed out, still loading.
CACHE_UNAVAILABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response(*, cache: bool = False) -> HttpResponse:
    # No request context: a context processor must not query the database that just failed.
    page = loader.get_template("503.html").render({"cache_unavailable": cache})
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a lost database (or Redis) in a view into 503 Service Unavailable with Retry-After.

    Django closes the broken connection at the end of the request (``CONN_HEALTH_CHECKS``
    and ``close_if_unusable_or_obsolete``), so the first request after the database is back
    opens a new one: the portal recovers by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            return database_unavailable_response()
        if isinstance(exception, CACHE_UNAVAILABLE):
            return database_unavailable_response(cache=True)
        return None


def permissions_policy() -> str:
    """``camera=(), microphone=(), …``: every feature in ``PERMISSIONS_POLICY_DENIED`` is
    allowed to no origin, the portal's own included."""
    return ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` to every response (pages, files, the API, errors).

    It sits inside the page cache, so a cached page keeps the header it was stored with.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy()

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
