"""How allauth fits KLOSSnet: sign-up only from member institutions, approval before access."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.mail import mail_send

from . import login_limits
from .groups import COORDINATOR_GROUP
from .models import Institution, Person, User
from .permissions import is_member


def member_email_domains() -> set[str]:
    """The e-mail domains of the institutions that are members today."""
    domains: set[str] = set()
    for institution in Institution.objects.current_members().only("email_domains"):
        domains.update(institution.email_domain_list)
    return domains


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # What happened and what to do, for each counter that can refuse (login_limits).
        "too_many_login_attempts": _(
            "Too many wrong passwords for this account from your network. Wait five minutes "
            "and try again, or reset your password."
        ),
        "too_many_login_attempts_from_client": _(
            "Too many wrong passwords from your network. Log-in from here is paused for a few "
            "minutes: wait and try again."
        ),
        "too_many_login_attempts_for_account": _(
            "Too many wrong passwords for this account. Log-in to it is paused for a few "
            "minutes: wait and try again, or reset your password to log in at once."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's e-mails (address confirmation, password reset…) through core.mail,
        so a mail server that fails shows no error page and the e-mail can be sent again."""
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        mail_send(
            message,
            kind=f"account/{template_prefix.rpartition('/')[2]}",
            language=translation.get_language() or "",
        )

    def get_client_ip(self, request) -> str:
        # allauth's own raises PermissionDenied (403) without REMOTE_ADDR, as on a unix socket.
        return login_limits.client_address(request)

    def _failed_login_counters(self, request, **credentials) -> list[tuple[str, str | None, str]]:
        """(action, key, refusal) of each counter a failed password adds to (login_limits)."""
        account = credentials.get("email", credentials.get("username", "")).strip().lower()
        client = ratelimit.get_ip(request)
        return [
            (login_limits.FAILED, f"{account}\n{client}", "too_many_login_attempts"),
            (login_limits.FAILED_FROM_CLIENT, None, "too_many_login_attempts_from_client"),
            (login_limits.FAILED_FOR_ACCOUNT, account, "too_many_login_attempts_for_account"),
        ]

    def pre_authenticate(self, request, **credentials) -> None:
        """Count the attempt as failed unless it proves right; refuse it past a limit."""
        # allauth's authenticate() rolls this back when the password is right.
        self._login_failed_rl_usage = usage = ratelimit.RateLimitUsage(usage=[])
        for action, key, refusal in self._failed_login_counters(request, **credentials):
            counted = ratelimit.consume(request, app="allauth.account", action=action, key=key)
            if counted is None:
                usage.rollback()
                self._login_failed_rl_usage = None
                raise self.validation_error(refusal)
            usage.usage.extend(counted.usage)

    def authenticate(self, request, **credentials):
        try:
            return super().authenticate(request, **credentials)
        except Exception:
            # A database or cache that cannot answer is not a wrong password.
            self._rollback_login_failed_rl_usage()
            raise

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        """After a password reset, the account's failures no longer count (as allauth does)."""
        for action, key, _refusal in self._failed_login_counters(request, **credentials):
            if key is not None:
                ratelimit.clear(request, app="allauth.account", action=action, key=key)

    def clean_signup_email(self, email: str) -> str:
        """Sign-up is open only to addresses at current member institutions."""
        if email_domain(email) not in member_email_domains():
            raise ValidationError(
                _(
                    "Only staff at KLOSSnet's member institutions can create an account, "
                    "with their work e-mail address. If your institution is a member and "
                    "you cannot sign up, ask the coordinator for an invitation."
                ),
                code="domain_not_allowed",
            )
        return email

    def populate_username(self, request, user) -> None:
        # Logins are by e-mail; the username only has to be unique for Django's admin.
        user.username = user.email

    def save_user(self, request, user, form, commit=True):
        """A self sign-up waits for the coordinator's approval."""
        user.approved_at = None
        # The language they signed up in is the one they read until they choose another.
        language = translation.get_language() or ""
        user.language = language if language in dict(settings.LANGUAGES) else ""
        return super().save_user(request, user, form, commit=commit)

    def login(self, request, user) -> None:
        super().login(request, user)
        if _awaits_approval(user):
            messages.info(
                request,
                _(
                    "You are logged in. Your account is waiting for the coordinator's "
                    "approval before you see the members' material."
                ),
            )

    def confirm_email(self, request, email_address) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed and _awaits_approval(email_address.user):
            # Only a confirmed address may claim a person in the register.
            _link_person(email_address.user)
            signup_notify_coordinators(
                user=email_address.user,
                admin_url=request.build_absolute_uri(
                    reverse("admin:members_user_change", args=[email_address.user.pk])
                ),
            )
        return confirmed

    def get_login_redirect_url(self, request) -> str:
        if is_member(request.user):
            return reverse("members_area:start")
        return super().get_login_redirect_url(request)


def _link_person(user) -> None:
    """Link the new login to the one unlinked person with the same e-mail, if exactly one."""
    people = list(Person.objects.filter(email__iexact=user.email, user__isnull=True)[:2])
    if len(people) == 1:
        people[0].user = user
        people[0].save(update_fields=["user"])


def _awaits_approval(user) -> bool:
    return user.approved_at is None and not is_member(user)


def signup_notify_coordinators(*, user: User, admin_url: str) -> None:
    """Tell the coordinators (in Swedish, their working language) that a sign-up waits."""
    recipients = list(
        User.objects.filter(groups__name=COORDINATOR_GROUP, is_active=True)
        .exclude(email__isnull=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return
    person = Person.objects.filter(user=user).select_related("institution").first()
    context = {"user": user, "person": person, "admin_url": admin_url}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("members/email/signup_pending_subject.txt", context)
        body = render_to_string("members/email/signup_pending_message.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, recipients)
    mail_send(message, kind="members/signup_pending", language=settings.LANGUAGE_CODE)
