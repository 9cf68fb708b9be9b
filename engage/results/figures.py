"""The results page's figures as a file: one row per question (grid statement, ranked item), option and group.

Every figure comes from :func:`engage.results.services.results`, the function that draws the page, so the file
shows what the page shows and hides what it hides: the same counts, the same complementary suppression across
every group of a filter, and nothing for a group the page refuses. Free-text questions have no options, so they
are not in the file (their themes have their own downloads). Functions never commit and never read the request.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from engage.datasets import writers
from engage.models import Consultation
from engage.results import services

COLUMNS = ["question_id", "question_text", "item", "item_label", "option_value", "option_label", "group_key",
           "group_value", "group_label", "group_size", "answered", "count", "percentage", "suppressed"]
KINDS = ("csv", "xlsx", "json")


@dataclass
class Group:
    key: str  # the filter's key, "" for everyone
    value: str
    label: str
    size: int | None  # None when the page would not show it
    refused: bool
    results: services.Results


def groups(consultation: Consultation, lang: str, gettext, minimum: int, by: str | None,
           now: tuple | None = None) -> list[Group]:
    """Everyone's figures, then (``by`` a filter's key) each group's, as the page shows it with that group chosen.

    Raises :class:`services.FilterError` when ``by`` is not one of the consultation's filters.
    """
    now = now or services.stamp(consultation)
    overall = services.results(consultation, lang, gettext, minimum, None, now)
    found = [Group("", "", gettext("All responses"), overall.total, False, overall)]
    if by is None:
        return found
    filters = {f.key: f for f in services.filters_for(consultation, lang, gettext, now)}
    if by not in filters:
        raise services.FilterError(by)
    for value, label in filters[by].options:
        shown = services.results(consultation, lang, gettext, minimum, (by, value), now)
        found.append(Group(by, value, label, None if shown.refused else shown.group_size, shown.refused, shown))
    return found


def rows(found: list[Group]) -> Iterator[list]:
    """The long table of :data:`COLUMNS`: a hidden count, percentage or number answered is None.

    A refused group has no figures of its own, so its rows follow the questions of everyone's figures, all hidden.
    """
    everyone = found[0].results
    for group in found:
        source = everyone if group.refused else group.results
        for question in source.questions:
            if question.free_text:
                continue
            for part in question.parts:
                for row in part.rows:
                    hidden = group.refused or part.few or row.count is None
                    answered = None if group.refused or part.few else part.answered
                    yield [question.id, str(question.text), part.item, part.label or "", row.value, row.label,
                           group.key, group.value, group.label, group.size, answered,
                           None if hidden else row.count,
                           None if hidden or row.share is None else round(row.share * 100, 1), hidden]


def codes_and_labels(found: list[Group]) -> list[list[str]]:
    """(column, key, code, label): questions, their statements or items and options, then the groups."""
    table, seen = [], set()
    for question in found[0].results.questions:
        if question.free_text:
            continue
        table.append(["question_id", "", question.id, str(question.text)])
        for part in question.parts:
            if part.item:
                table.append(["item", question.id, part.item, part.label or ""])
        for part in question.parts:
            for row in part.rows:
                if (question.id, row.value) not in seen:
                    seen.add((question.id, row.value))
                    table.append(["option_value", question.id, row.value, row.label])
    table += [["group_value", group.key, group.value, group.label] for group in found[1:]]
    return table


def file_chunks(consultation: Consultation, found: list[Group], kind: str, language: str, by: str | None,
                minimum: int) -> Iterator[bytes]:
    """The figures as CSV, Excel (figures, codes and labels) or JSON, in chunks."""
    if kind == "json":
        head = {"consultation": consultation.slug, "language": language, "by": by,
                "min_group_size": minimum, "columns": COLUMNS,
                "groups": [{"key": g.key, "value": g.value, "label": g.label, "size": g.size, "refused": g.refused}
                           for g in found],
                "labels": [dict(zip(("column", "key", "code", "label"), row, strict=True))
                           for row in codes_and_labels(found)]}
        return writers.json_table_chunks(head, rows(found))
    if kind == "csv":
        return writers.csv_chunks(COLUMNS, ([writers.csv_cell(_spreadsheet(cell)) for cell in row]
                                            for row in rows(found)))
    inert = writers.inert
    return writers.file_chunks(writers.xlsx_file([
        ("figures", COLUMNS, ([inert(_spreadsheet(cell)) for cell in row] for row in rows(found))),
        ("codes and labels", ["column", "key", "code", "label"],
         [list(map(inert, row)) for row in codes_and_labels(found)]),
    ]))


def _spreadsheet(cell):
    """A hidden figure is an empty cell; the suppressed flag is 1 or 0."""
    if isinstance(cell, bool):
        return int(cell)
    return cell
