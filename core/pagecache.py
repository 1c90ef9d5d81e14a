"""Whole-page cache for anonymous visitors, invalidated by any content change.

A public page looks the same to every visitor without a session, so its full response is
kept in the shared cache (Redis or the database cache) under a key made of a global *content
version*, the scheme, host and the path with its language prefix (``/sv/…``, ``/en/…``).
Every save, delete or many-to-many change of any model outside the plumbing apps (sessions,
admin log, content types, the task queue) and the models that say they never show on a
public page (``page_cache_ignored``) sets a new content version, so the next request renders afresh:
a page is never served stale after a save in the admin. Content that becomes visible with
time alone (publish windows) appears on time: no entry outlives the next window boundary.

Only ``GET`` requests without a session or messages cookie are answered from the cache, and
only ``200`` answers that set no cookie and are not marked private or ``no-store`` are kept:
a page using a CSRF token sets the CSRF cookie, so forms that post are never cached.
Members (who have a session cookie) always get a freshly rendered page.

Code that changes content without model signals (``QuerySet.update()``, ``bulk_create()``)
calls :func:`content_changed` itself.

Only the query parameters a page reads make a new entry, so ``?x=1``, ``?x=2``, … (whatever a
crawler or an attacker appends) share one. While a page renders for the cache, ``request.GET``
records which parameters it reads (:class:`RecordingQueryDict`); the set read on a path is
kept next to the pages, and a request's key holds the values of those parameters only. A page
that reads the whole query string (iterates ``request.GET``, copies it, calls
``get_full_path()``) is stored only for the bare URL. Links that keep a page's parameters are
built from the ones it reads (:func:`form_query`), not from ``request.GET`` as a whole.

With Redis, a hit costs no round trip at all: each process keeps its own copy of the
content version, which a thread subscribed to a Redis channel refreshes whenever any process
announces a change (:class:`VersionWatcher`). The process that made the change drops its
copy at once; the others within the time Redis takes to deliver a message. While the
subscription is down the version is read from Redis on every request.

With the database cache (one server without Redis), a hit costs no query either: the version
is also written to a small file that every process on the server reads on each request
(:class:`VersionFile`, in ``settings.PAGE_CACHE_VERSION_DIR``), and the pages are kept in
each process's memory. Where the file cannot be used, the version is read from the database.
"""

import functools
import hashlib
import itertools
import json
import logging
import math
import os
import secrets
import stat
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.encoding import escape_uri_path

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
# Every change is announced here (Redis only). The message says only "re-read the version",
# so a stray one from another site on the same server costs one read, never a stale page.
CHANNEL = "klossnet:pagecache:changed"
# Apps whose rows never appear on a public page: saving them must not empty the cache (the
# task queue's rows change several times for every e-mail sent; the admin's history of
# versions, django-reversion, is written beside each save, which bumps on its own).
PLUMBING_APPS = {
    "admin",
    "contenttypes",
    "sessions",
    "account",
    "django_tasks_database",
    "reversion",
    "django_rq",
}
# A model of the portal whose rows never appear on a public page says so with a class
# attribute ``page_cache_ignored = True`` (e.g. a record of the e-mails sent).
IGNORED_ATTRIBUTE = "page_cache_ignored"
MAX_QUERY_STRING = 256


def _new_version() -> str:
    return secrets.token_hex(8)


def content_version() -> str | None:
    """The current content version, or None when the cache cannot be reached."""
    watcher = VersionWatcher.for_cache()
    if watcher is not None and (version := watcher.current()) is not None:
        return version
    version_file = VersionFile.for_cache()
    if version_file is not None and (version := version_file.read()) is not None:
        return version
    return stored_content_version()


def stored_content_version() -> str | None:
    """The content version as the shared cache holds it (one round trip)."""
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

    def bump(*, in_cache=True):
        if in_cache:
            try:
                caches["default"].set(VERSION_KEY, _new_version(), timeout=None)
            except Exception:
                logger.error("page cache: cannot bump the content version", exc_info=True)
        if (version_file := VersionFile.for_cache()) is not None:
            version_file.write(_new_version())
        if (watcher := VersionWatcher.for_cache()) is not None:
            watcher.announce()

    # The database cache writes through the same connection: inside a transaction its write
    # would wait for the commit anyway, and a failing one would abort the transaction. The
    # version file is outside the transaction, so it changes at once.
    bump(
        in_cache=not (transaction.get_connection().in_atomic_block and _cache_is_in_the_database())
    )
    transaction.on_commit(bump)


def pages_forget() -> None:
    """Delete every stored page now, rather than only make them unreachable.

    A new content version hides old pages, but they stay stored until they expire. After a
    person is erased (members.services.person_erase) no page that showed them may stay: the
    shared cache is emptied (it holds nothing that is not rebuilt on demand; the log-in
    limits have a cache of their own) and every process drops the pages it keeps in memory
    when it sees the new version.
    """
    try:
        caches["default"].clear()
    except Exception:
        logger.error("page cache: cannot empty the cache", exc_info=True)
    content_changed()


def _cache_is_in_the_database() -> bool:
    return isinstance(caches["default"], DatabaseCache)


class VersionFile:
    """The content version in a file that every process on this server reads, for the
    database cache: one ``open()`` and ``read()`` per request (a few µs) instead of a query.

    Any process with the same settings (a gunicorn worker, a ``manage.py`` command, a timer)
    writes a new version in place on every content change, and every other reads it on its
    next request. The file lives in ``settings.PAGE_CACHE_VERSION_DIR`` (shared memory,
    ``/dev/shm``, where there is some), named after the database and the cache table, so
    two sites on one server do not share it. It is per server: servers sharing a database
    without Redis set the directory to ``""`` and read the version from the database. A file
    this user does not own, or one that cannot be read, is not used (:meth:`read` is None:
    callers read the version from the database); :meth:`write` logs an error when it cannot
    write, as an announcement through Redis does.
    """

    LENGTH = 16  # hex digits of a version; written in place with one write(), never truncated
    _paths: dict[tuple, str] = {}
    _warned: set[str] = set()

    def __init__(self, path: str):
        self.path = path

    @classmethod
    def for_cache(cls) -> "VersionFile | None":
        """The version file of the default cache when it is the database cache, else None."""
        directory = settings.PAGE_CACHE_VERSION_DIR
        default = caches["default"]
        if not directory or not isinstance(default, DatabaseCache):
            return None
        database = connections[router.db_for_read(default.cache_model_class)].settings_dict
        identity = (
            str(directory),
            database["ENGINE"],
            str(database["NAME"]),
            database.get("HOST") or "",
            str(database.get("PORT") or ""),
            default._table,
        )
        path = cls._paths.get(identity)
        if path is None:
            digest = hashlib.sha256(repr(identity[1:]).encode()).hexdigest()[:16]
            path = cls._paths.setdefault(
                identity, os.path.join(directory, f"klossnet-pagecache-{digest}")
            )
        return cls(path)

    def read(self) -> str | None:
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            # The first process here (or the first after a reboot): any new version will do.
            return self._create(_new_version())
        except OSError:
            self._warn("cannot read", error=True)
            return None
        try:
            if not self._trusted(os.fstat(fd)):
                return None
            data = os.read(fd, self.LENGTH + 1)
        except OSError:
            self._warn("cannot read", error=True)
            return None
        finally:
            os.close(fd)
        # Shorter: another process is creating the file this very moment.
        return data.decode("ascii", "replace") if len(data) == self.LENGTH else None

    def write(self, version: str) -> None:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            if self._create(version) is None:
                logger.error("page cache: cannot create %s", self.path)
            return
        except OSError:
            logger.error("page cache: cannot write the content version", exc_info=True)
            return
        try:
            if self._trusted(os.fstat(fd)):
                os.pwrite(fd, version.encode("ascii"), 0)
        except OSError:
            logger.error("page cache: cannot write the content version", exc_info=True)
        finally:
            os.close(fd)

    def _create(self, version: str) -> str | None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(self.path, flags, 0o600)
        except FileExistsError:
            return self.read()  # another process was first
        except OSError:
            self._warn("cannot create", error=True)
            return None
        try:
            os.write(fd, version.encode("ascii"))
        finally:
            os.close(fd)
        return version

    def _trusted(self, stat_result) -> bool:
        # In a directory others can write to, a file someone else put there must not decide
        # which pages are served.
        if stat.S_ISREG(stat_result.st_mode) and stat_result.st_uid == os.geteuid():
            return True
        self._warn("is not a file of this user:")
        return False

    def _warn(self, problem: str, *, error: bool = False) -> None:
        if self.path not in self._warned:  # once per process, not on every request
            self._warned.add(self.path)
            logger.warning(
                "page cache: %s %s; reading the content version from the database",
                problem,
                self.path,
                exc_info=error,
            )


class VersionWatcher:
    """This process's copy of the content version, kept current through Redis pub/sub.

    A daemon thread subscribes to :data:`CHANNEL` and only then reads the version, so no
    announced change can fall between the two; it re-reads the version on every message.
    :meth:`current` is None (callers then read the version from Redis themselves) until the
    subscription stands, from the moment a change is announced until the version is re-read,
    and while the connection is down. A generation counter keeps a read that started before
    a change from setting the old version afterwards. Threads do not survive a fork, so each
    process (each gunicorn worker) starts its own on first use.
    """

    _watchers: dict[str, "VersionWatcher"] = {}
    _lock = threading.Lock()
    RETRY_SECONDS = (0.1, 30.0)  # first and longest wait before reconnecting
    HEALTH_CHECK_SECONDS = 30

    def __init__(self, url: str):
        self.url = url
        self.version: str | None = None
        self._generations = itertools.count()  # next() on it is atomic
        self.generation = next(self._generations)
        self.pid: int | None = None
        self._publisher = None

    @classmethod
    def for_cache(cls) -> "VersionWatcher | None":
        """The watcher for the default cache's Redis server; None for any other cache."""
        if not isinstance(caches["default"], RedisCache):
            return None
        location = settings.CACHES["default"]["LOCATION"]
        url = location if isinstance(location, str) else location[0]
        watcher = cls._watchers.get(url)
        if watcher is None:
            with cls._lock:
                watcher = cls._watchers.setdefault(url, cls(url))
        return watcher

    def current(self) -> str | None:
        if self.pid != os.getpid():
            self._start()
        return self.version

    def _start(self) -> None:
        with self._lock:
            if self.pid == os.getpid():
                return
            self.pid, self.version, self._publisher = os.getpid(), None, None
            threading.Thread(target=self._listen, name="pagecache-version", daemon=True).start()

    def invalidate(self) -> None:
        self.generation = next(self._generations)
        self.version = None

    def announce(self) -> None:
        """Tell every process (this one at once) that the content version has changed."""
        self.invalidate()
        try:
            if self._publisher is None:
                import redis

                self._publisher = redis.Redis.from_url(self.url, socket_timeout=2)
            self._publisher.publish(CHANNEL, "changed")
        except Exception:
            logger.error("page cache: cannot announce a content change", exc_info=True)

    def _refresh(self) -> None:
        generation = self.generation
        version = stored_content_version()
        if generation == self.generation:
            self.version = version

    def _listen(self) -> None:
        import redis

        pid = os.getpid()
        wait = self.RETRY_SECONDS[0]
        while self.pid == pid:
            pubsub = None
            try:
                client = redis.Redis.from_url(
                    self.url, health_check_interval=self.HEALTH_CHECK_SECONDS, socket_keepalive=True
                )
                pubsub = client.pubsub()
                pubsub.subscribe(CHANNEL)
                # Wait for Redis to confirm the subscription before reading the version.
                while pubsub.get_message(timeout=self.HEALTH_CHECK_SECONDS) is None:
                    pass
                self._refresh()
                wait = self.RETRY_SECONDS[0]
                while self.pid == pid:
                    message = pubsub.get_message(timeout=self.HEALTH_CHECK_SECONDS)
                    if message is not None and message["type"] == "message":
                        self.invalidate()
                        self._refresh()
            except Exception:
                logger.warning("page cache: version subscription lost", exc_info=True)
            finally:
                self.invalidate()
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:
                        pass
            time.sleep(wait)
            wait = min(wait * 2, self.RETRY_SECONDS[1])


def _on_model_change(sender, **kwargs):
    if sender._meta.app_label in PLUMBING_APPS or getattr(sender, IGNORED_ATTRIBUTE, False):
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


# --- Which query parameters a page reads ---------------------------------------------------


class Reads:
    """What a page read of the query string while it rendered.

    ``names``: the parameters looked up one by one; ``empty``: whether it asked if there are
    any (``request.GET or None``); ``count``: whether it asked how many; ``everything``:
    whether it read the query string as a whole. Two requests that give the same answers to
    all of these get the same page.
    """

    __slots__ = ("names", "empty", "count", "everything")

    def __init__(self, names=(), empty=False, count=False, everything=False):
        self.names, self.empty, self.count = set(names), empty, count
        self.everything = everything

    def merged(self, other: "Reads | None") -> "Reads":
        other = other or Reads()
        return Reads(
            self.names | other.names,
            self.empty or other.empty,
            self.count or other.count,
            self.everything or other.everything,
        )

    def stored(self) -> tuple:
        return (tuple(sorted(self.names)), self.empty, self.count, self.everything)

    @classmethod
    def from_stored(cls, stored) -> "Reads | None":
        if not isinstance(stored, tuple) or len(stored) != 4:
            return None
        return cls(*stored)

    def variant(self, query: QueryDict, query_string: str) -> str:
        """The part of a request's key that depends on its query string."""
        if self.everything:
            return json.dumps(["*", query_string])
        values = [[name, query.getlist(name)] for name in sorted(self.names)]
        answers = [bool(query) if self.empty else None, len(query) if self.count else None]
        return json.dumps([self.stored(), values, answers])


class RecordingQueryDict(QueryDict):
    """``request.GET`` while a page renders for the cache: records what the page reads."""

    def __init__(self, query_string=None, mutable=False, encoding=None, *, reads=None):
        self._reads = None  # QueryDict.__init__ itself looks keys up
        super().__init__(query_string, mutable=mutable, encoding=encoding)
        self._reads = reads  # None in a copy: what the page does with its copy is its own

    def _name(self, key):
        if self._reads is not None:
            self._reads.names.add(key)

    def _everything(self):
        if self._reads is not None:
            self._reads.everything = True

    def __getitem__(self, key):
        self._name(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._name(key)
        return super().__contains__(key)

    def _getlist(self, key, default=None, force_list=False):
        self._name(key)
        return super()._getlist(key, default, force_list)

    def __bool__(self):
        if self._reads is not None:
            self._reads.empty = True
        return super().__len__() > 0

    def __len__(self):
        if self._reads is not None:
            self._reads.count = True
        return super().__len__()

    def __iter__(self):
        self._everything()
        return super().__iter__()

    def keys(self):
        self._everything()
        return super().keys()

    def items(self):
        self._everything()
        return super().items()

    def values(self):
        self._everything()
        return super().values()

    def lists(self):
        self._everything()
        return super().lists()

    def dict(self):
        self._everything()
        return super().dict()

    def copy(self):
        self._everything()
        return super().copy()

    def __copy__(self):
        self._everything()
        return super().__copy__()

    def __deepcopy__(self, memo):
        self._everything()
        return super().__deepcopy__(memo)

    def urlencode(self, safe=None):
        self._everything()
        return super().urlencode(safe)

    def __eq__(self, other):
        self._everything()
        return super().__eq__(other)

    __hash__ = None

    def __repr__(self):
        self._everything()
        return super().__repr__()


class _RecordingMeta(dict):
    """``request.META`` while a page renders for the cache: notes a read of QUERY_STRING."""

    def __init__(self, meta, reads: Reads):
        super().__init__(meta)
        self._reads = reads

    def __getitem__(self, key):
        if key == "QUERY_STRING":
            self._reads.everything = True
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key == "QUERY_STRING":
            self._reads.everything = True
        return super().get(key, default)


def _record_reads(request) -> Reads:
    """From now on, note what ``request`` reads of its query string."""
    reads = Reads()
    request.GET = RecordingQueryDict(
        request.META.get("QUERY_STRING", ""), encoding=request.encoding, reads=reads
    )
    request.META = _RecordingMeta(request.META, reads)
    for name in ("get_full_path", "get_full_path_info"):
        method = getattr(request, name)

        def whole_query(*args, _method=method, **kwargs):
            reads.everything = True
            return _method(*args, **kwargs)

        setattr(request, name, whole_query)  # build_absolute_uri() goes through these too
    return reads


def form_query(form, *extra: str) -> QueryDict:
    """The request's values of ``form``'s fields (and of ``extra`` parameters), for links
    that keep them: ``{% querystring query page=2 %}``. Unlike ``request.GET`` as a whole,
    this leaves out parameters the page does not read, which would otherwise be repeated in
    its links and make every variant of its URL a page of its own."""
    query = QueryDict(mutable=True)
    for name in (*form.fields, *extra):
        if values := form.data.getlist(name) if hasattr(form.data, "getlist") else []:
            query.setlist(name, values)
    return query


def _url(request) -> str:
    """The request's URL without its query string."""
    return f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"


def _reads_key(version: str, url: str) -> str:
    return f"pagecache:reads:{version}:{hashlib.sha256(url.encode()).hexdigest()}"


class _Target:
    """A request's URL and query string, taken before the page renders."""

    __slots__ = ("url", "query_string", "query")

    def __init__(self, request):
        self.url = _url(request)
        self.query_string = request.META.get("QUERY_STRING", "")
        self.query = QueryDict(self.query_string, encoding=request.encoding)

    def key(self, version: str, reads: Reads | None) -> str:
        variant = (reads or Reads()).variant(self.query, self.query_string)
        digest = hashlib.sha256(f"{self.url} {variant}".encode()).hexdigest()
        return f"pagecache:page:{version}:{digest}"


def _key(request, version: str, reads: Reads | None = None) -> str:
    """The key of ``request``'s page, given what the page at its URL reads of the query."""
    return _Target(request).key(version, reads)


def entry_lifetime(seconds: int, version: str) -> int:
    """How long a page rendered now may be kept: at most ``seconds``, and never past the
    next moment a scheduled publication window opens or closes.

    The boundary is looked up once per content version (a save may add or move one) and
    again when it has passed.
    """
    # Imported here, not at the top: the version file (VersionFile) is read by processes that
    # have not set Django up, and the publication window brings the models with it.
    from core.publishing import next_publication_change

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


def fragment_key(name: str, version: str, vary: list, *, request=None) -> str:
    """The cache key of a part of a page: its name, the content version, the language, the
    day (what is upcoming, current or past changes at midnight), the site's address (for
    absolute links) and whatever else it depends on (``vary``)."""
    site = f"{request.scheme}://{request.get_host()}" if request is not None else ""
    text = json.dumps(
        [
            name,
            translation.get_language(),
            timezone.localdate().isoformat(),
            site,
            [str(value) for value in vary],
        ]
    )
    return f"pagecache:fragment:{version}:{hashlib.sha256(text.encode()).hexdigest()}"


def fragment_cached(name: str, vary: list, render, *, request=None) -> str:
    """The part of a page ``render()`` makes, from the cache when this content version has
    it (``settings.FRAGMENT_CACHE_SECONDS``; 0 renders every time).

    For what every reader of a page sees alike, members included, whom the page cache never
    answers: a content change makes a new version, so the next request renders the part
    afresh. Anything else the part depends on (a page number, whether the reader is a
    member) goes in ``vary``. An entry lives no longer than a page would
    (:func:`entry_lifetime`: never past the next publication window).
    """
    seconds = settings.FRAGMENT_CACHE_SECONDS
    version = content_version() if seconds else None
    if version is None:
        return render()
    key = fragment_key(name, version, vary, request=request)
    try:
        html = cache.get(key)
    except Exception:
        logger.warning("page cache: cannot read %s", key, exc_info=True)
        return render()
    if html is None:
        html = render()
        if seconds := entry_lifetime(seconds, version):
            try:
                cache.set(key, html, seconds)
            except Exception:
                logger.warning("page cache: cannot store %s", key, exc_info=True)
    return html


def deferred_context(compute, *names: str) -> dict:
    """Context entries ``names`` of the dict ``compute()`` returns, worked out when the
    template first asks for one of them: never, when the part of the page that shows them
    comes from the fragment cache (a template calls a callable it finds in its context)."""
    values = functools.cache(compute)
    return {name: (lambda name=name: values()[name]) for name in names}


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous visitors' public pages (see the module docstring).

    The outermost middleware: a hit runs no other middleware, and a stored page keeps every
    header they added (security, CSP, ETag, language) and every cookie they set, which
    keeps it out of the cache.
    """

    LOCAL_ENTRIES = 128
    LOCAL_READS = 1024

    def __init__(self, get_response):
        self.get_response = get_response
        self.local: OrderedDict[str, tuple[float, tuple]] = OrderedDict()
        # What the page at each URL reads of the query string, by content version.
        self.local_reads: OrderedDict[str, Reads] = OrderedDict()
        self.local_version: str | None = None

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

    def _set_local_reads(self, key: str, reads: Reads) -> None:
        self.local_reads[key] = reads
        self.local_reads.move_to_end(key)
        while len(self.local_reads) > self.LOCAL_READS:
            self.local_reads.popitem(last=False)

    def _reads(self, key: str, *, shared: bool = False) -> Reads | None:
        """What the page reads of the query string, as this process or the cache knows it."""
        reads = None if shared else self.local_reads.get(key)
        if reads is None:
            try:
                reads = Reads.from_stored(cache.get(key))
            except Exception:
                logger.warning("page cache: cannot read %s", key, exc_info=True)
        return reads

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _request_is_cacheable(request):
            return self.get_response(request)
        version = content_version()
        if version is None:
            return self.get_response(request)
        if version != self.local_version:
            # Pages of an older version are never served again: drop them rather than
            # keep them (and what they showed) in memory until they expire.
            self.local.clear()
            self.local_reads.clear()
            self.local_version = version
        target = _Target(request)
        reads_key = _reads_key(version, target.url)
        known = self._reads(reads_key)
        if known is not None and known.everything and target.query_string:
            # The page depends on the whole query string: only its bare URL is cached.
            return self.get_response(request)
        key = target.key(version, known)
        # The page itself first from this process's memory, then from the shared cache. The
        # version is part of the key, so neither is ever stale.
        stored = self._local_get(key)
        if stored is None:
            try:
                stored = cache.get(key)
            except Exception:
                logger.warning("page cache: cannot read %s", key, exc_info=True)
            if stored is not None and (lifetime := entry_lifetime(seconds, version)):
                self._local_set(key, stored, lifetime)
                if known is not None:
                    self._set_local_reads(reads_key, known)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status, headers=dict(headers))
            response["X-Page-Cache"] = "hit"
            return get_conditional_response(request, etag=response["ETag"], response=response)

        reads = _record_reads(request)
        response = self.get_response(request)
        if not _response_is_cacheable(response):
            return response
        if reads.everything and target.query_string:
            self._store_reads(reads_key, reads, seconds)
            return response
        if not (seconds := entry_lifetime(seconds, version)):
            return response
        # Every parameter any rendering of this URL has read is part of the key, so the page
        # is right for every request that gives those parameters the same values (its own
        # reads are among them). Parameters no rendering read are left out of the key.
        reads = self._store_reads(reads_key, reads.merged(known), seconds)
        # Browsers may keep the page but must ask again; the ETag makes that a 304.
        patch_cache_control(response, no_cache=True)
        if not response.has_header("ETag"):
            set_response_etag(response)  # computed once, not on every hit
        stored = (response.status_code, list(response.items()), response.content)
        key = target.key(version, reads)
        self._local_set(key, stored, seconds)
        try:
            cache.set(key, stored, seconds)
        except Exception:
            logger.warning("page cache: cannot store %s", key, exc_info=True)
        response["X-Page-Cache"] = "miss"
        return response

    def _store_reads(self, key: str, reads: Reads, seconds: int) -> Reads:
        """Add what a rendering read to what the URL's page is known to read; the union.

        Another process may have added parameters meanwhile: they stay (a key without them
        would only miss, never serve a wrong page, but would miss again and again).
        """
        reads = reads.merged(self._reads(key, shared=True))
        self._set_local_reads(key, reads)
        try:
            cache.set(key, reads.stored(), seconds)
        except Exception:
            logger.warning("page cache: cannot store %s", key, exc_info=True)
        return reads
