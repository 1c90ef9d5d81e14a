"""A mail backend whose server fails, as an SMTP server that drops the connection does."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

BACKEND = "tests.failing_mail.FailingBackend"


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
