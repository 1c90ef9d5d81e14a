"""How allauth fits KLOSSnet: sign-up only from member institutions, approval before access."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Institution, Person
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
        """A self sign-up waits for approval; it is linked to its person if one is known."""
        user.approved_at = None
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            _link_person(user)
        return user

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
