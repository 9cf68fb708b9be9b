"""Sending email through SMTP (MAIL_SERVER and friends in the configuration); nothing is sent when it is unset."""

from __future__ import annotations

import smtplib
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app


class MailError(RuntimeError):
    """The SMTP server could not be reached or refused a message."""


def configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def message(to: str, subject: str, body: str) -> EmailMessage:
    config = current_app.config
    # Long subjects stay on one line (the default folding puts a stray space before a long first line).
    mail = EmailMessage(policy=policy.SMTP.clone(max_line_length=998))
    mail["From"] = config["MAIL_DEFAULT_SENDER"]
    mail["To"] = to
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid(domain=config["MAIL_DEFAULT_SENDER"].rpartition("@")[2] or None)
    mail.set_content(body)
    return mail


@contextmanager
def connection():
    """An SMTP connection, signed in when configured; MailError if the server cannot be used."""
    config = current_app.config
    try:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(str(error)) from error
    try:
        try:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(str(error)) from error
        yield smtp
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def send(messages: list[EmailMessage]) -> None:
    """Send ``messages`` over one SMTP connection; MailError if the server cannot be used."""
    with connection() as smtp:
        try:
            for mail in messages:
                smtp.send_message(mail)
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(str(error)) from error
