"""`flask consultation`: import and export consultation documents, list consultations, change their status."""

from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from engage.access import find_consultation
from engage.answering.counts import response_counts
from engage.consultations import documents, services
from engage.extensions import db
from engage.models import Consultation, Status
from engage.models.base import utcnow


@click.group("consultation")
def consultation():
    """Put consultations on the platform and move them through their statuses."""


def read_document(path: Path):
    """The document in the file at ``path``, its survey read from a workbook beside it if it names one.

    The workbook's warnings (what its import left out or changed) are printed.
    """
    try:
        document = documents.parse_document(path.read_bytes(), path.name)
    except FileNotFoundError as error:
        raise click.ClickException(f"{path}: no such file") from error
    except IsADirectoryError as error:
        raise click.ClickException(f"{path} is a folder, not a file") from error
    except documents.DocumentFileError as error:
        if error.reason == "encoding":
            raise click.ClickException(f"{path} is not UTF-8 text: save it as UTF-8 and try again") from error
        if error.reason in ("json", "yaml"):
            raise click.ClickException(f"{path} is not valid {error.reason.upper()}: {error}") from error
        raise click.ClickException(f"{path} was not imported: {error}") from error

    def beside(name):
        workbook = path.parent / name
        return workbook.read_bytes() if workbook.is_file() else None

    try:
        document, warnings = services.with_workbook_survey(document, beside)
    except services.MissingWorkbook as error:
        raise click.ClickException(f"{path}: its survey {error.name!r} is not a file beside it") from error
    except services.DocumentError as error:
        raise _not_imported(path, error) from error
    if warnings:
        click.echo(f"Warnings: the survey workbook was read, but not all of it is used ({len(warnings)}):", err=True)
        for warning in warnings:
            click.echo(f"  {warning}", err=True)
    return document


def _not_imported(path: Path, error: services.DocumentError) -> click.ClickException:
    return click.ClickException(f"{path} was not imported; nothing was stored:\n"
                                + "\n".join(f"  {problem}" for problem in error.errors))


@consultation.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the document and say what would change; store nothing.")
def import_document(path, dry_run):
    """Create or update a consultation from a JSON or YAML document (see docs/engagement-officers.md)."""
    document = read_document(path)
    try:
        result = services.import_consultation(document)
    except services.DocumentError as error:
        db.session.rollback()
        raise _not_imported(path, error) from error
    slug = result.consultation.slug
    if result.created:
        summary = f"{slug}: created ({result.consultation.status.value}) with survey version 1"
    else:
        parts = [f"changed {', '.join(result.changed)}"] if result.changed else []
        if result.new_version:
            parts.append(f"survey version {result.new_version} added (earlier answers keep their version)")
        summary = f"{slug}: " + ("; ".join(parts) if parts else "no change")
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run, nothing stored. {summary}")
    else:
        db.session.commit()
        click.echo(summary)


@consultation.command("export")
@click.argument("slug")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def export_document(slug, path):
    """Write a consultation and its current survey as a document (to PATH, or to the screen as JSON).

    A PATH ending in .yaml or .yml gets YAML; any other, JSON.
    """
    found = find_consultation(slug)
    if found is None:
        raise click.ClickException(f"No consultation {slug!r} (see 'flask consultation list')")
    text = documents.dump_document(services.export_consultation(found), yaml=documents.is_yaml(path and path.name))
    if path is None:
        click.echo(text, nl=False)
    else:
        path.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {path}")


@consultation.command("list")
def list_consultations():
    """Every consultation with its status, dates, audience, survey version and responses."""
    # versions with the consultations, and the counts the staff home uses: three queries in all
    query = select(Consultation).order_by(Consultation.opens_on, Consultation.slug)
    rows = db.session.scalars(query.options(selectinload(Consultation.versions))).all()
    counts = response_counts(rows, current_app.config["MIN_GROUP_SIZE"])
    if not rows:
        click.echo("No consultations yet: import one with 'flask consultation import FILE'.")
    today = utcnow().date()
    for row in rows:
        due = ""
        if row.status is Status.CLOSED:
            due = f"  feedback due {row.feedback_due_on}" + (" (overdue)" if row.feedback_overdue(today) else "")
        click.echo(f"{row.slug}  {row.status.value}  {row.opens_on} to {row.closes_on}  {row.audience.value}  "
                   f"survey version {row.current_version.number}  {counts[row.id]['total']} response(s){due}")


@consultation.command("status")
@click.argument("slug")
@click.argument("status", type=click.Choice([s.value for s in Status]))
def change_status(slug, status):
    """Move a consultation on: draft → open → closed → feedback_published (closed can reopen)."""
    found = find_consultation(slug)
    if found is None:
        raise click.ClickException(f"No consultation {slug!r} (see 'flask consultation list')")
    try:
        services.change_status(found, Status(status))
    except services.StatusError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{slug} is now {status}")
