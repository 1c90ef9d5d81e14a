"""Whole-page cache for anonymous visitors, invalidated by any content change.

A public page looks the same to every visitor without a session, so its full response is
kept in the shared cache (Redis or the database cache) under a key made of a global *content
version*, the scheme, host and the path with its language prefix (``/sv/…``, ``/en/…``).
Every save, delete or many-to-many change of any model outside the plumbing apps (sessions,
admin log, content types) sets a new content version, so the next request renders afresh:
a page is never served stale after a save in the admin. Content that becomes visible with
time alone (publish windows) appears on time: no entry outlives the next window boundary.

Only ``GET`` requests without a session or messages cookie are answered from the cache, and
only ``200`` answers that set no cookie and are not marked private or ``no-store`` are kept:
a page using a CSRF token sets the CSRF cookie, so forms that post are never cached.
Members (who have a session cookie) always get a freshly rendered page.

Code that changes content without model signals (``QuerySet.update()``, ``bulk_create()``)
calls :func:`content_changed` itself.
"""

import hashlib
import logging
import math
import secrets
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
# Apps whose rows never appear on a public page: saving them must not empty the cache.
PLUMBING_APPS = {"admin", "contenttypes", "sessions", "account"}
MAX_QUERY_STRING = 256


def _new_version() -> str:
    return secrets.token_hex(8)


def content_version() -> str | None:
    """The current content version, or None when the cache cannot be reached."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _new_version(), timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:  # a cache outage must not take the pages down with it
        logger.warning("page cache: cannot read the content version", exc_info=True)
        return None
    return version


def content_changed() -> None:
    """Make every cached page obsolete, now and again when the transaction commits.

    The second bump closes the window in which a request could render the old rows after
    the first bump and store them under the new version.
    """

    def bump():
        try:
            caches["default"].set(VERSION_KEY, _new_version(), timeout=None)
        except Exception:
            logger.error("page cache: cannot bump the content version", exc_info=True)

    # The database cache writes through the same connection: inside a transaction its write
    # would wait for the commit anyway, and a failing one would abort the transaction.
    if not (transaction.get_connection().in_atomic_block and _cache_is_in_the_database()):
        bump()
    transaction.on_commit(bump)


def _cache_is_in_the_database() -> bool:
    return isinstance(caches["default"], DatabaseCache)


def _on_model_change(sender, **kwargs):
    if sender._meta.app_label in PLUMBING_APPS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login, not content
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed fires before and after; the post_ signal is enough
    content_changed()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_model_change, dispatch_uid=f"pagecache-{id(signal)}")


def _language_prefixes() -> tuple[str, ...]:
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def _request_is_cacheable(request) -> bool:
    return (
        request.method == "GET"
        and request.path.startswith(_language_prefixes())
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
    )


def _response_is_cacheable(response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _key(request, version: str) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pagecache:page:{version}:{hashlib.sha256(url.encode()).hexdigest()}"


def entry_lifetime(seconds: int, version: str) -> int:
    """How long a page rendered now may be kept: at most ``seconds``, and never past the
    next moment a scheduled publication window opens or closes.

    The boundary is looked up once per content version (a save may add or move one) and
    again when it has passed.
    """
    from .publishing import next_publication_change

    key = f"pagecache:boundary:{version}"
    now = timezone.now()
    try:
        boundary = cache.get(key)
        if boundary is None or (boundary != "none" and boundary <= now):
            boundary = next_publication_change(now=now) or "none"
            cache.set(key, boundary, seconds)
    except Exception:  # the page rendered, so keep it only briefly rather than fail it
        logger.warning("page cache: cannot find the next publication change", exc_info=True)
        return min(seconds, 60)
    if boundary == "none":
        return seconds
    return max(0, min(seconds, math.floor((boundary - now).total_seconds())))


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous visitors' public pages (see the module docstring).

    Sits above the session, CSRF and authentication middleware so that a cache hit costs
    one small cache read (the version), and so that it sees every cookie those set on the way out.
    """

    LOCAL_ENTRIES = 128

    def __init__(self, get_response):
        self.get_response = get_response
        self.local: OrderedDict[str, tuple[float, tuple]] = OrderedDict()

    def _local_get(self, key: str):
        entry = self.local.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        self.local.move_to_end(key)
        return entry[1]

    def _local_set(self, key: str, stored: tuple, seconds: int) -> None:
        self.local[key] = (time.monotonic() + seconds, stored)
        self.local.move_to_end(key)
        while len(self.local) > self.LOCAL_ENTRIES:
            self.local.popitem(last=False)

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _request_is_cacheable(request):
            return self.get_response(request)
        version = content_version()
        if version is None:
            return self.get_response(request)
        key = _key(request, version)
        # The page itself first from this process's memory: only the small version read
        # crosses to the shared cache. The version is part of the key, so this is never stale.
        stored = self._local_get(key)
        if stored is None:
            try:
                stored = cache.get(key)
            except Exception:
                logger.warning("page cache: cannot read %s", key, exc_info=True)
            if stored is not None:
                self._local_set(key, stored, seconds)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if _response_is_cacheable(response) and (seconds := entry_lifetime(seconds, version)):
            # Browsers may keep the page but must ask again; the ETag makes that a 304.
            patch_cache_control(response, no_cache=True)
            set_response_etag(response)  # computed once, not on every hit
            stored = (response.status_code, list(response.items()), response.content)
            self._local_set(key, stored, seconds)
            try:
                cache.set(key, stored, seconds)
            except Exception:
                logger.warning("page cache: cannot store %s", key, exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response
