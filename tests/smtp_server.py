"""A real SMTP server for the tests (aiosmtpd on a free local port) that keeps what it received."""
from __future__ import annotations

import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@contextmanager
def running_smtp_server(app):
    """Start the server, point the app's MAIL_* settings at it, and yield its inbox."""
    inbox = Inbox()
    with socket.socket() as probe:  # a free port for the fake server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_SENDER="pingcha@court.local")
    try:
        yield inbox
    finally:
        controller.stop()
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
