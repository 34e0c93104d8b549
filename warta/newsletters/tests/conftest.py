"""Every newsletter test sends to a real SMTP server on 127.0.0.1 (aiosmtpd), one per test
process, emptied before each test."""

import pytest

from warta.newsletters import smtpd


@pytest.fixture(scope="session")
def _smtp_server():
    handler = smtpd.MailDrop(mode="keep")
    controller = smtpd.start(handler)
    yield controller, handler
    controller.stop()


@pytest.fixture(autouse=True)
def mailbox(_smtp_server, settings):
    controller, handler = _smtp_server
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.WARTA_NEWSLETTER_EMAIL_BACKEND = "warta.newsletters.mail.SMTPBackend"
    settings.WARTA_NEWSLETTER_BOUNCE_ADDRESS = "bounce@warta.localhost"
    handler.kept.clear()
    handler.refuse.clear()
    return handler.kept


@pytest.fixture
def smtp_handler(_smtp_server):
    return _smtp_server[1]
