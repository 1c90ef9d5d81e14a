"""allauth forms adapted to KLOSSnet."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm


class SignupForm(AllauthSignupForm):
    """Sign-up refuses addresses outside the member institutions' e-mail domains."""

    def clean_email(self) -> str:
        email = super().clean_email()
        return get_adapter().clean_signup_email(email)
