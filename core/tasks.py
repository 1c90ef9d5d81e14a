"""Background tasks of the shared building blocks (Django's tasks API, README: Background
work). Each is a thin wrapper: the work lives in the module it belongs to."""

from django_tasks import task

from core import mail as core_mail


@task()
def mail_deliver(*, mail: dict, kind: str = "", language: str = "", attempt: int = 1) -> bool:
    """Send one e-mail (``core.mail.mail_send``); on a mail server's failure, queue the next
    attempt with backoff, and after the last keep it among the failed e-mails."""
    return core_mail.mail_deliver(mail=mail, kind=kind, language=language, attempt=attempt)


@task()
def mail_send_again(*, outgoing_mail_pk: int) -> bool:
    """Send a failed e-mail again (the admin's “Send again”)."""
    return core_mail.mail_redeliver(outgoing_mail_pk=outgoing_mail_pk)
