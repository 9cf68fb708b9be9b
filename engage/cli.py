"""`flask` commands: staff accounts, consultations, demo data, translations and nightly upkeep."""

import getpass
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app

from engage.extensions import db
from engage.models import Role

ROOT = Path(__file__).resolve().parent.parent


def init_app(app):
    from engage.consultations.cli import consultation
    from engage.invitations.cli import case

    app.cli.add_command(create_user)
    app.cli.add_command(password_link)
    app.cli.add_command(consultation)
    app.cli.add_command(case)
    app.cli.add_command(demo)
    app.cli.add_command(translate)
    app.cli.add_command(purge_drafts)
    app.cli.add_command(purge_expired)
    app.cli.add_command(reorder_responses)
    app.cli.add_command(redact_answers)


@click.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of prompting.")
def create_user(email, name, role, password_stdin):
    """Create a staff account (passwords are stored hashed)."""
    from engage.accounts.services import AccountError
    from engage.accounts.services import create_user as create

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat the password: ") != password:
            raise click.ClickException("The passwords do not match")
    try:
        user = create(email, name, role, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} account for {user.email}")


@click.command("password-link")
@click.argument("email")
@click.option("--reset", is_flag=True, help="Also make the current password stop working (and sign the account out).")
def password_link(email, reset):
    """Print a one-time link for a staff member to set their password (when no administrator can sign in)."""
    from engage.accounts.services import SET_PASSWORD_HOURS, find_by_email, reset_password, set_password_token

    user = find_by_email(email)
    if user is None:
        raise click.ClickException(f"No staff account for {email}")
    if not user.is_active:
        raise click.ClickException(f"The account for {user.email} is deactivated; an administrator can reactivate it")
    if reset:
        reset_password(user)
        db.session.commit()
    click.echo(f"/staff/set-password/{set_password_token(user)}")
    click.echo(f"Put the site's address in front of it. It works once, for {SET_PASSWORD_HOURS} hours.", err=True)


@click.group()
def demo():
    """Demo data: a Trafford partnership with realistic consultations."""


@demo.command("load")
def demo_load():
    """Load the demo consultations. Running it again changes nothing."""
    from engage.demo import load_demo

    created = load_demo()
    db.session.commit()
    click.echo(f"Demo data loaded: {created} new consultation(s).")


@click.command("purge-drafts")
def purge_drafts():
    """Delete unfinished answers older than DRAFT_RETENTION_DAYS (run daily, e.g. from cron)."""
    from engage.answering.services import purge_expired_drafts
    from engage.models.base import utcnow

    deleted = purge_expired_drafts(utcnow(), current_app.config["DRAFT_RETENTION_DAYS"])
    db.session.commit()
    click.echo(f"Deleted {deleted} unfinished answer set(s).")


@click.command("purge-expired")
def purge_expired():
    """Anonymise the answers of consultations whose retention period has ended (run nightly, e.g. from cron)."""
    from engage.models.base import utcnow
    from engage.responses.retention import anonymise_expired_answers

    anonymised = anonymise_expired_answers(utcnow())
    db.session.commit()
    click.echo(f"Anonymised {anonymised} response(s) kept past their consultation's retention period.")


@click.group()
def translate():
    """Interface translations (pybabel)."""


def _pybabel(*args):
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), *args], check=True, cwd=ROOT)


@translate.command("extract")
def translate_extract():
    """Extract messages into translations/messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_", "--sort-by-file", "--no-wrap",
             "-o", "translations/messages.pot", ".")


@translate.command("update")
def translate_update():
    """Extract, then merge new messages into every language's catalog."""
    translate_extract.callback()
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-wrap")


@translate.command("init")
@click.argument("locale")
def translate_init(locale):
    """Start a catalog for a new language (Babel locale, e.g. so or zh_Hant)."""
    translate_extract.callback()
    _pybabel("init", "-i", "translations/messages.pot", "-d", "translations", "-l", locale, "--no-wrap")


@translate.command("compile")
def translate_compile():
    """Compile every catalog to .mo files."""
    _pybabel("compile", "-d", "translations")
    current_app.logger.info("Compiled translations")


@click.command("reorder-responses")
def reorder_responses():
    """Store responses in random order, not the order they arrived in (run nightly, e.g. from cron)."""
    from engage.answering.services import reorder_stored_responses, rewrite_stored_responses

    # Two transactions: CLUSTER keeps the row versions its own transaction replaced.
    done = rewrite_stored_responses()
    db.session.commit()
    reorder_stored_responses()
    db.session.commit()
    click.echo("Responses, answers and unfinished answers are now stored in random order." if done else
               "Nothing to do: this database (SQLite) already stores them in random order.")


@click.command("redact-answers")
def redact_answers():
    """Redact every written answer again and store it for exports (after an upgrade that redacts more)."""
    from engage.redacted import store_redacted

    stored = store_redacted(db.session.connection())
    db.session.commit()
    click.echo(f"Stored the redacted text of {stored} written answer(s).")
