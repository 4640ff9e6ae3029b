"""The confirmation e-mail of a job-board account through a real SMTP conversation: Django's SMTP
backend speaking to a local `aiosmtpd` server on a free port (not the locmem outbox), the
message read back as the server received it, its link followed to confirm the account."""

from __future__ import annotations

import email
import re
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from tests.bourse.helpers import PASSWORD
from trajectoires.bourse.models import Compte


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):  # type: ignore[no-untyped-def]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    try:
        yield inbox
    finally:
        controller.stop()


def test_the_confirmation_travels_by_smtp_and_its_link_confirms_the_account(client, world, smtp):
    response = client.post(reverse("bourse:inscription_jeune", args=[world.structure.code]), {
        "prenom": "Inès", "nom": "Moreau", "email": "ines@exemple.fr", "date_naissance": "2005-02-03",
        "password": PASSWORD, "password2": PASSWORD,
    })
    assert response.status_code == 302
    (sender, recipients, raw), = smtp.messages
    assert recipients == ["ines@exemple.fr"] and "ne-pas-repondre" in sender
    message = email.message_from_bytes(raw, policy=policy.default)
    assert "Confirmez votre adresse" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://testserver(/bourse/\S+)", body).group(1)
    compte = Compte.objects.get(email="ines@exemple.fr")
    assert not compte.confirme
    assert client.post(link).status_code == 302
    compte.refresh_from_db()
    assert compte.confirme
