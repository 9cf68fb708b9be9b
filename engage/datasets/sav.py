"""Answer tables as SPSS .sav files with variable labels (the questions) and value labels (the options), and a
theme analysis's assignments with a 0/1 variable per theme (:func:`assignments_sav_file`).

One variable per question, except: a question with one option to pick is numbered 1, 2, 3... in its
options' order with the English labels as value labels; several options to pick (multiple choice) give
one 0/1 variable per option; a grid one variable per statement; a ranking one rank per item; a write-in
"other" text its own ``<question>_other`` variable. pyreadstat writes from a whole data frame, so the
table is gathered column by column in memory (numbers as floats) before being written to a temporary file
and sent in chunks: unlike CSV, JSON and Excel, a .sav export's memory grows with the responses.
"""

from __future__ import annotations

import os
import tempfile

from engage.datasets.answers import AnswersSpec, as_text, batches, stored_redactions
from engage.models import Channel

SINGLE = ("single_choice", "dropdown", "yes_no", "agreement_scale", "ward")
CHOSEN = {0.0: "Not chosen", 1.0: "Chosen"}
MAX_NAME = 64


class _Variables:
    """The .sav file's variables: name -> values so far, kind ("number", "text", "date"), labels."""

    def __init__(self):
        self.values, self.kinds, self.labels, self.value_labels = {}, {}, {}, {}

    def add(self, wanted: str, kind: str, label: str, value_labels: dict | None = None) -> str:
        name, n = wanted[:MAX_NAME], 1
        while name.lower() in {v.lower() for v in self.values}:
            n += 1
            name = f"{wanted[:MAX_NAME - len(str(n)) - 1]}_{n}"
        self.values[name], self.kinds[name], self.labels[name] = [], kind, label[:255]
        if value_labels:
            self.value_labels[name] = value_labels
        return name


def sav_file(spec: AnswersSpec) -> str:
    """The path of a new .sav file of ``spec``'s responses, one case per response (wide layout)."""
    import pandas as pd

    variables = _Variables()
    readers = []  # (response row, answers) -> None, appending one value to each of its variables
    if not spec.ballot_box:
        readers += _meta(spec, variables)
    for question in spec.questions.values():
        readers.append(_question(question, variables))
    for batch in batches(spec):
        for row, values in batch:
            for read in readers:
                read(row, values)
    frame = pd.DataFrame({
        name: pd.Series(values, dtype="float64" if variables.kinds[name] == "number" else "object")
        for name, values in variables.values.items()
    })
    for name, kind in variables.kinds.items():
        if kind == "text":
            frame[name] = frame[name].astype(object).where(frame[name].notna(), "")
        elif kind == "date":
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[s]") if len(frame) else frame[name]
    formats = {name: "DATE11" for name, kind in variables.kinds.items() if kind == "date"}
    return _write(frame, spec.slug, variables, formats)


def assignments_sav_file(file_label: str, key: str, themes, rows) -> str:
    """The path of a new .sav file of a run's wide assignments: one case per answer, ``key`` (``reference``
    text or ``respondent`` number), the question, and a 0/1 variable per theme labelled with the theme's label.
    ``rows`` come from engage.datasets.themes.assignment_rows(..., "wide")."""
    import pandas as pd

    from engage.datasets.themes import IN_THEME, wide_name

    variables = _Variables()
    names = [variables.add(key, "number" if key == "respondent" else "text",
                           "Respondent number" if key == "respondent" else "Response reference"),
             variables.add("question", "text", "Question")]
    in_theme = {float(code): label for code, label in IN_THEME.items()}
    names += [variables.add(wide_name(theme.id), "number", theme.label, in_theme) for theme in themes]
    columns = [variables.values[name] for name in names]
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            column.append(float(value) if isinstance(value, int) else value)
    frame = pd.DataFrame({name: pd.Series(values, dtype="float64" if variables.kinds[name] == "number" else "object")
                          for name, values in variables.values.items()})
    return _write(frame, file_label, variables, {})


def _write(frame, file_label: str, variables: _Variables, formats: dict) -> str:
    import pyreadstat

    handle, path = tempfile.mkstemp(suffix=".sav")
    os.close(handle)
    try:
        pyreadstat.write_sav(frame, path, file_label=file_label[:64], column_labels=variables.labels,
                             variable_value_labels=variables.value_labels, variable_format=formats or None)
    except BaseException:
        os.unlink(path)
        raise
    return path


def _meta(spec, variables):
    channels = list(Channel)
    codes = {channel.value: float(i) for i, channel in enumerate(channels, 1)}
    names = [
        variables.add("reference", "text", "Response reference"),
        variables.add("submitted_on", "date", "Day submitted"),
        variables.add("channel", "number", "Channel",
                      {float(i): channel.value for i, channel in enumerate(channels, 1)}),
        variables.add("language", "text", "Language answered in"),
        variables.add("survey_version", "number", "Survey version"),
    ]
    columns = [variables.values[name] for name in names]

    def read(row, values):
        channel = row.channel.value if hasattr(row.channel, "value") else row.channel
        for column, value in zip(columns, (row.reference, row.submitted_at.date(), codes.get(channel),
                                           row.language, spec.versions[row.survey_version_id]), strict=True):
            column.append(value)
    return [read]


def _question(question, variables):
    """A reader for ``question``'s answers, adding its variables."""
    import surveys

    qid, text = question.id, str(surveys.localise(question.text, "en"))
    write_in = question.qtype.write_in(question) if getattr(question.qtype, "supports_write_in", False) else None
    other = variables.values[variables.add(f"{qid}_other", "text", f"{text} (other)")] if write_in else None

    def empty(value):
        return value is None or surveys.is_empty(question, value)

    def other_text(value):
        if other is not None:
            other.append(redact_text(value.get("other")) if isinstance(value, dict) else "")

    if question.type in SINGLE:
        codes = {choice.value: float(i) for i, choice in enumerate(question.choices, 1)}
        column = variables.values[variables.add(qid, "number", text, {
            float(i): str(choice.label("en")) for i, choice in enumerate(question.choices, 1)})]

        def read(row, values):
            value = values.get(qid)
            chosen = None if empty(value) else question.qtype.compared_values(question, value)
            column.append(codes.get(chosen[0]) if chosen else None)
            other_text(value)
        return read
    if question.type == "multiple_choice":
        columns = [(choice.value, variables.values[variables.add(
            f"{qid}_{i}", "number", f"{text}: {choice.label('en')}", CHOSEN)])
            for i, choice in enumerate(question.choices, 1)]

        def read(row, values):
            value = values.get(qid)
            chosen = None if empty(value) else set(question.qtype.compared_values(question, value))
            for choice, column in columns:
                column.append(None if chosen is None else float(choice in chosen))
            other_text(value)
        return read
    if question.type in ("grid", "ranking"):
        scale = {choice.value: float(i) for i, choice in enumerate(question.choices, 1)}
        grid = question.type == "grid"
        items = question.statements if grid else question.choices
        value_labels = {float(i): str(c.label("en")) for i, c in enumerate(question.choices, 1)} if grid else None
        columns = [(item.value, variables.values[variables.add(
            f"{qid}_{i}", "number", f"{text}: {item.label('en')}" + ("" if grid else " (rank)"), value_labels)])
            for i, item in enumerate(items, 1)]

        def read(row, values):
            value = values.get(qid) if isinstance(values.get(qid), dict) else {}
            for item, column in columns:
                given = value.get(item)
                column.append(scale.get(given) if grid else _number(given))
        return read
    if question.type == "number":
        column = variables.values[variables.add(qid, "number", text)]
        return lambda row, values: column.append(_number(values.get(qid)))
    if question.type == "date":
        from engage.datasets.answers import _date

        column = variables.values[variables.add(qid, "date", text)]

        def read(row, values):
            value = values.get(qid)
            day = None if empty(value) else _date(value)
            column.append(None if isinstance(day, str) else day)
        return read
    if question.type == "consent":
        column = variables.values[variables.add(qid, "number", text, {1.0: "Agreed"})]
        return lambda row, values: column.append(None if empty(values.get(qid)) else 1.0)
    column = variables.values[variables.add(qid, "text", text)]

    def read(row, values):
        value = values.get(qid)
        column.append("" if empty(value) else as_text(question, value, stored_redactions(values).get(qid)))
    return read


def redact_text(text) -> str:
    from analysis.redact import redact

    return redact(str(text)) if text else ""


def _number(value):
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
