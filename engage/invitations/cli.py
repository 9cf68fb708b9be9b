"""`flask case`: a change case's staff codes for printing, and opening or closing its staff survey."""

import click
from sqlalchemy import select

from engage import ballot
from engage.extensions import db
from engage.invitations import services
from engage.models import ChangeCase, Status


@click.group("case")
def case():
    """Staff change cases: list them, print codes for their staff, open and close their surveys."""


def _case(slug):
    found = ballot.find_case(slug)
    if found is None:
        raise click.ClickException(f"No case {slug!r} (see 'flask case list')")
    return found


@case.command("list")
def list_cases():
    """Each case's slug, one a line."""
    for slug in db.session.scalars(select(ChangeCase.slug).order_by(ChangeCase.slug)):
        click.echo(slug)


@case.command("codes")
@click.argument("slug")
def codes(slug):
    """Print a new code, one a line, for each member of staff who has never had one (for the printed sheet).

    Codes are stored only scrambled, so one given earlier cannot be printed again; to replace a
    lost code, use "New code" on the case's staff codes page.
    """
    found = _case(slug)
    if not services.takes_codes(found):
        raise click.ClickException(f"{slug}: its survey has closed (or there is none yet), so no codes were given")
    people = ballot.staff_without_code(found)
    for slip in services.print_codes(people):
        click.echo(slip.code)
    db.session.commit()
    click.echo(f"{len(people)} new code(s), in staff number order; staff who already had one keep it.", err=True)


@case.command("status")
@click.argument("slug")
@click.argument("status", type=click.Choice([Status.OPEN.value, Status.CLOSED.value]))
def change_status(slug, status):
    """Open or close the case's staff survey (like 'flask consultation status')."""
    found = _case(slug)
    try:
        ballot.change_case_status(found, Status(status))
    except ballot.CaseStatusError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{slug}: its survey {found.consultation.slug} is now {status}")
