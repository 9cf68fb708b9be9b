"""Ballot-box anonymity: in a full database dump taken after staff have answered, no stored column, row order or
sequence value joins a response to the member of staff who sent it.

The dump is what an administrator's backup holds: every table's rows, every column, in stored order (what
pg_dump and SQLite's .dump read, since neither sorts), and every sequence's value. Every column and every
order is tried as a join key between the staff side (the staff list and its codes) and the response side
(responses and their answers); none may pair the respondents with their own responses.
"""

from itertools import product

from sqlalchemy import text

from engage.extensions import db
from engage.models import Response
from tests.engage.staff_codes import answer_staff_survey, issue, make_case, send_staff_survey

# Staff list positions of those who answer, in the order they answer (not the list's order).
RESPONDENTS = [5, 2, 9, 0, 7, 3, 11, 6]
GROUPS = ["nursing", "therapy", "social_care", "admin"]
POSITION = "(row position)"
RANK = "(rank among rows like it)"


def full_dump() -> tuple[dict[str, tuple[list[str], list[tuple]]], dict[str, int]]:
    """({table: (columns, rows in stored order)}, {sequence: value}) for the whole database."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            tables = connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).all()
            sequences = dict(connection.execute(text("SELECT sequencename, coalesce(last_value, 0) "
                                                     "FROM pg_sequences WHERE schemaname = 'public'")).all())
        else:
            tables = connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")).all()
            sequences = {}
            if "sqlite_sequence" in tables:
                sequences = dict(connection.execute(text("SELECT name, seq FROM sqlite_sequence")).all())
        dump = {}
        for table in tables:
            result = connection.execute(text(f'SELECT * FROM "{table}"'))  # no ORDER BY: stored order
            dump[table] = (list(result.keys()), [tuple(row) for row in result])
    return dump, sequences


def features(columns, rows, identity):
    """{feature: {identity: {values}}} for one table: each column, the row's position, and its rank.

    ``identity`` is the column naming whose row it is (a person's staff id, a response's id); the rank
    counts distinct identities in stored order (answers: the order of their responses' first rows).
    """
    index = columns.index(identity)
    found = {column: {} for column in columns}
    found[POSITION], found[RANK] = {}, {}
    ranks = {}
    for position, row in enumerate(rows):
        who = row[index]
        ranks.setdefault(who, len(ranks))
        for column, value in zip(columns, row, strict=True):
            found[column].setdefault(who, set()).add(str(value))
        found[POSITION].setdefault(who, set()).add(str(position))
        found[RANK].setdefault(who, set()).add(str(ranks[who]))
    return found


def joins(person_side: dict, response_side: dict, truth: dict) -> list[str]:
    """The (person feature, response feature) pairs that pair respondents with their own responses.

    A pair joins when equal values name one response for a respondent and it is theirs; for a column,
    one such respondent is enough (values that are equal by chance, like the day, name many); for an
    order, all of them (positions coincide by chance for a few).
    """
    found = []
    for (person_name, people), (response_name, responses) in product(person_side.items(), response_side.items()):
        right = 0
        for person, response in truth.items():
            values = people.get(person, set())
            named = {r for r, theirs in responses.items() if values & theirs}
            right += named == {response}
        ordered = any(marker in person_name or marker in response_name for marker in (POSITION, RANK))
        if right and (not ordered or right == len(truth)):
            found.append(f"{person_name} = {response_name} ({right} of {len(truth)})")
    return found


def sides(dump):
    person_side, response_side = {}, {}
    for table, identity in (("case_staff", "id"), ("staff_code", "case_staff_id")):
        for name, values in features(*dump[table], identity).items():
            person_side[f"{table}.{name}"] = values
        answered = [row for row in dump[table][1] if table != "staff_code" or row[dump[table][0].index("answered")]]
        for name, values in features(dump[table][0], answered, identity).items():
            person_side[f"{table} answered only.{name}"] = values
    for table, identity in (("response", "id"), ("answer", "response_id")):
        for name, values in features(*dump[table], identity).items():
            response_side[f"{table}.{name}"] = values
    return person_side, response_side


def test_no_column_order_or_sequence_joins_a_response_to_a_person(app, runner):
    case = make_case(staff=12)
    codes = {}
    for index in range(12):
        codes[index] = issue(case, index)
    _dump, sequences_before = full_dump()
    truth = {}
    for turn, index in enumerate(RESPONDENTS):
        client = app.test_client()
        client.get(f"/staff-survey?code={codes[index]}")
        concerns = f"Concern number {turn}"
        answer_staff_survey(client, concerns=concerns, group=GROUPS[turn % len(GROUPS)])
        assert send_staff_survey(client).status_code == 302
        truth[case.staff[index].id] = concerns
    # Which response is whose: only the test knows, from what each person wrote.
    by_concern = {a.value: r.id for r in db.session.scalars(db.select(Response)) for a in r.answers
                  if a.question_id == "concerns"}
    truth = {person: by_concern[concerns] for person, concerns in truth.items()}
    assert len(set(truth.values())) == len(RESPONDENTS)
    db.session.remove()

    # As soon as they have answered (PostgreSQL still stores responses in the order they arrived)...
    dump, sequences = full_dump()
    assert joins(*sides(dump), truth) == []
    # ...and after the nightly upkeep (does nothing on SQLite).
    result = runner.invoke(args=["reorder-responses"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    dump, sequences = full_dump()
    assert joins(*sides(dump), truth) == []
    # Answering advanced no sequence, so no sequence value can say anything about who answered.
    assert sequences == sequences_before
    # Every table is in the dump, and the ballot box's roll says who answered, but nothing more.
    answered = {row[0] for row in dump["staff_code"][1] if row[dump["staff_code"][0].index("answered")]}
    assert answered == set(truth) and len(dump["response"][1]) == len(RESPONDENTS)


def test_the_join_search_finds_a_column_or_an_order_that_would_link_them():
    """The check above can fail: a log of when codes were used, or answers stored in arrival order, is found."""
    truth = {10: 900, 11: 700, 12: 800}
    people = features(["case_staff_id", "used_at"], [(10, "09:01"), (11, "09:05"), (12, "09:02"), (13, None)],
                      "case_staff_id")
    responses = features(["id", "submitted_at"], [(900, "09:01"), (800, "09:02"), (700, "09:05")], "id")
    found = joins({f"code.{k}": v for k, v in people.items()}, {f"response.{k}": v for k, v in responses.items()},
                  truth)
    assert "code.used_at = response.submitted_at (3 of 3)" in found
    # Codes marked used in arrival order, responses stored in arrival order: the order joins them.
    used_in_order = features(["case_staff_id"], [(11,), (10,), (12,)], "case_staff_id")
    stored_in_order = features(["id"], [(700,), (900,), (800,)], "id")
    found = joins({f"used.{k}": v for k, v in used_in_order.items()},
                  {f"response.{k}": v for k, v in stored_in_order.items()}, truth)
    assert f"used.{POSITION} = response.{POSITION} (3 of 3)" in found
    # Stored in key order, unrelated to arrival: nothing joins.
    shuffled = features(["id"], [(700,), (800,), (900,)], "id")
    assert joins({f"used.{k}": v for k, v in used_in_order.items() if k != "case_staff_id"},
                 {f"response.{k}": v for k, v in shuffled.items() if k != "id"}, truth) == []
