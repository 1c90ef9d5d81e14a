"""The one-click unsubscribe behind every e-mail a recipient may switch off (RFC 8058).

``POST`` switches the kind off: the mail program's one-click button posts
``List-Unsubscribe=One-Click`` here without a login or a CSRF token, which RFC 8058 requires,
so only this view is exempt; the signed token in the address is the credential
(``core.mail_preferences``). ``GET`` only shows a page with a button that posts: mail
scanners and link previews fetch every link of a message, and must not unsubscribe anyone.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.mail_kinds import mail_kind
from core.mail_preferences import mail_switch, unsubscribe_token_read


def _preferences_path(recipient) -> str:
    if isinstance(recipient, str):  # no login: no preference page
        return ""
    try:
        return reverse(settings.MAIL_PREFERENCES_URL_NAME)
    except NoReverseMatch:
        return ""


@csrf_exempt  # RFC 8058: the mail program posts without a session; the token is the proof
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    found = unsubscribe_token_read(token)
    if found is None:
        return render(request, "core/mail_unsubscribe_invalid.html", status=404)
    recipient, code = found
    done = request.method == "POST"
    if done:
        mail_switch(recipient=recipient, kind=code, on=False)
    return render(
        request,
        "core/mail_unsubscribe.html",
        {
            "kind": mail_kind(code),
            "done": done,
            "preferences_path": _preferences_path(recipient),
        },
    )
