"""allauth forms adapted to KLOSSnet."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm


class WithoutPlaceholdersMixin:
    """Every field has a visible label; a placeholder repeating it only adds noise."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class LoginForm(WithoutPlaceholdersMixin, AllauthLoginForm):
    pass


class ResetPasswordForm(WithoutPlaceholdersMixin, AllauthResetPasswordForm):
    pass


class SignupForm(WithoutPlaceholdersMixin, AllauthSignupForm):
    """Sign-up refuses addresses outside the member institutions' e-mail domains."""

    def clean_email(self) -> str:
        email = super().clean_email()
        return get_adapter().clean_signup_email(email)
