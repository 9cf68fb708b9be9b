"""`flask case` commands for staff change cases."""

import click
from sqlalchemy import select

from engage.extensions import db
from engage.models import ChangeCase


@click.group("case")
def case():
    """Staff change cases."""


@case.command("list")
def list_cases():
    """Print each case's slug, one a line."""
    for slug in db.session.scalars(select(ChangeCase.slug).order_by(ChangeCase.slug)):
        click.echo(slug)
