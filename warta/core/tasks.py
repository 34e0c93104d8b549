from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email_task(subject: str, body: str, to: list[str]) -> int:
    """Email through Django's backend, queued with the transaction that caused it: nothing is
    sent for a rolled-back change, and a mail-server outage is a failed task to retry, never a
    lost application or a failed form."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
