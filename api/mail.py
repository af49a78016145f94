"""Mail to people (invitations, password resets), sent one way chosen by the settings:

- AE_SMTP_URL set: SMTP through the standard library's smtplib, in the thread pool, with a timeout.
- unset, in development: each mail is written to AE_MAIL_DIR as an .eml file; one log line names it.
- unset, in production: no mail can leave. Routes that mail call `require()` before they write
  anything, so they refuse (503 mail_unavailable) with nothing half done.
"""

import datetime
import json
import logging
import os
import re
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from starlette.concurrency import run_in_threadpool

from api.problems import mail_unavailable

TIMEOUT = 10
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")

log = logging.getLogger("aether.mail")


class MailNotSent(Exception):
    """The mail did not leave this server (SMTP refused it, timed out or was unreachable)."""


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    user: str | None
    password: str | None
    tls: bool
    starttls: bool

    @classmethod
    def parse(cls, url):
        """smtp://user:password@host:port[?starttls=true] or smtps://user:password@host:port."""
        parts = urlsplit(url)
        tls = parts.scheme == "smtps"
        query = parse_qs(parts.query)
        return cls(
            host=parts.hostname or "localhost",
            port=parts.port or (465 if tls else 25),
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            tls=tls,
            starttls=not tls and query.get("starttls", ["false"])[0].lower() in ("true", "1", "yes"),
        )

    def deliver(self, message):
        context = ssl.create_default_context()
        if self.tls:
            server = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT, context=context)
        else:
            server = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        with server:
            if self.starttls:
                server.starttls(context=context)
            if self.user:
                server.login(self.user, self.password or "")
            server.send_message(message)


class Mailer:
    def __init__(self, settings):
        self.sender = settings.mail_from
        self.public_url = settings.public_url.rstrip("/")
        self.directory = Path(settings.mail_dir)
        self.smtp = SmtpServer.parse(settings.smtp_url) if settings.smtp_url else None
        self.available = self.smtp is not None or not settings.production

    def require(self):
        """Call before storing anything that must be mailed."""
        if not self.available:
            raise mail_unavailable()

    def url(self, path):
        """An absolute URL of this API, as mails name it (AE_PUBLIC_URL)."""
        return self.public_url + path

    async def send(self, to, subject, text):
        """Sends one plain-text mail; raises MailNotSent when it did not leave."""
        self.require()
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = CONTROL.sub(" ", subject)
        message["Date"] = format_datetime(datetime.datetime.now(datetime.timezone.utc))
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or "localhost")
        # Quoted-printable keeps ASCII lines (the `Token: ...` line) readable in the raw file.
        message.set_content(text, cte="quoted-printable")
        try:
            await run_in_threadpool(self.smtp.deliver if self.smtp else self._write, message)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning(json.dumps({"mail": "not sent", "subject": message["Subject"], "error": str(exc)}))
            raise MailNotSent(str(exc)) from exc

    def _write(self, message):
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        partial = path.with_suffix(".part")
        partial.write_bytes(bytes(message))
        os.replace(partial, path)
        log.info(json.dumps({"mail": str(path), "subject": message["Subject"]}))
