"""A real SMTP server on loopback (aiosmtpd), standing in for the school's mail
server: Kit connects, speaks SMTP and hands over the message; the test reads
what arrived. Nothing is mocked on Kit's side."""
from __future__ import annotations

import email
import email.policy
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Dict, List

from aiosmtpd.controller import Controller

from tests.stack import free_port


@dataclass
class Received:
    recipients: List[str]
    message: EmailMessage
    at: float  # time.monotonic() on arrival


class _Collect:
    def __init__(self, box: "Mailbox") -> None:
        self.box = box

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.box.add(Received(list(envelope.rcpt_tos), message, time.monotonic()))
        return "250 Message accepted for delivery"


class Mailbox:
    def __init__(self) -> None:
        self.port = free_port()
        self.received: List[Received] = []
        self._lock = threading.Lock()
        self._controller = Controller(_Collect(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> "Mailbox":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def add(self, item: Received) -> None:
        with self._lock:
            self.received.append(item)

    def to(self, address: str) -> List[Received]:
        with self._lock:
            return [item for item in self.received if address in item.recipients]

    def wait_for(self, address: str, timeout: float, after: int = 0) -> Received:
        """The first email to `address` past the `after` already there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) > after:
                return found[after]
            time.sleep(0.1)
        raise AssertionError(f"no new email to {address} within {timeout} s")

    def settings(self) -> Dict[str, str]:
        """What Kit needs to send here (plain SMTP: the server is on loopback)."""
        return {"KIT_SMTP_HOST": "127.0.0.1", "KIT_SMTP_PORT": str(self.port), "KIT_SMTP_SECURITY": "none",
                "KIT_SMTP_FROM": "kit@school.example", "KIT_ALERT_EMAIL_POLL_SECONDS": "2"}
