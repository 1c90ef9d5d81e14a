"""Limits on guessing passwords that one client cannot turn against the others.

Whose attempt is it? The client's address comes from the connection (``REMOTE_ADDR``), or,
where ``settings.TRUSTED_PROXY_COUNT`` reverse proxies stand in front of the portal, from the
``X-Forwarded-For`` entry the outermost trusted proxy appended: each proxy appends the
address it received the request from, so the last ``TRUSTED_PROXY_COUNT`` entries are
trustworthy and anything left of them is whatever the client sent. Without a trusted proxy
the header is ignored: any client can write it.

What is counted? Only failed passwords, in three counters (``ACCOUNT_RATE_LIMITS``):

* per account *and* client: ``login_failed`` (5 in 5 minutes). Guessing one member's
  password from one address stops there, and locks out nobody else: the member logs in
  from their own address, a colleague on the same network with their own account.
* per client: ``login_failed_client`` (50 in 5 minutes), a ceiling for one address
  trying many accounts. High, because the members at a meeting venue share one address.
* per account: ``login_failed_account`` (100 in 5 minutes), against guessing spread over many
  addresses. One address adds at most 5 in that time, so locking a member out this way takes
  twenty addresses guessing at the same time, all the time.

A correct password takes its attempt back (allauth rolls the counters back), and so does an
attempt the database or a cache could not answer: an outage is not a wrong password.

Where is it counted? In a cache alias of its own, ``login_limits``: the database cache
culls the keys that sort first (``allauth:…`` before ``pagecache:…``) once it holds
``MAX_ENTRIES``, and Redis under ``maxmemory`` evicts too, so in the shared cache anonymous
page traffic could wipe a lock-out. allauth counts in ``django.core.cache.cache``;
``use_login_limits_cache()`` points it at the alias.
"""

import ipaddress
import logging

from django.conf import settings
from django.core.cache import caches
from django.utils.connection import ConnectionProxy

logger = logging.getLogger(__name__)

CACHE_ALIAS = "login_limits"
# The database cache table of the alias in production; `migrate` creates it (core.cache).
CACHE_TABLE = "klossnet_login_limits"
# Stands for the client when the connection has no address (a unix socket) and no trusted
# proxy named one: every such client shares the per-client counter.
UNKNOWN_CLIENT = "local"

FAILED = "login_failed"
FAILED_FROM_CLIENT = "login_failed_client"
FAILED_FOR_ACCOUNT = "login_failed_account"

_warned_unknown_client = False


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str:
    """The address of the client that sent ``request``, as far as it can be trusted."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()
        ]
        if forwarded:
            # Fewer entries than proxies: the outermost ones did not append; the first entry
            # is still one a trusted proxy wrote.
            address = _address(forwarded[-count] if len(forwarded) >= count else forwarded[0])
            if address:
                return address
    address = _address(request.META.get("REMOTE_ADDR", ""))
    if address:
        return address
    global _warned_unknown_client
    if not _warned_unknown_client:
        _warned_unknown_client = True
        logger.warning(
            "A request came without a client address (a unix socket?) and without "
            "X-Forwarded-For from a trusted proxy: all such clients share one log-in "
            "limit. Behind a proxy, set DJANGO_TRUSTED_PROXY_COUNT."
        )
    return UNKNOWN_CLIENT


def use_login_limits_cache() -> None:
    """Make allauth's rate limits count in the ``login_limits`` cache."""
    from allauth.core.internal import ratelimit

    ratelimit.cache = ConnectionProxy(caches, CACHE_ALIAS)
