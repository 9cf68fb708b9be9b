"""Each answer's written text with personal details redacted, stored so exports need not redact it again.

Existing answers are filled in, a thousand at a time, in key order.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 14:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

BATCH = 1000

answer = sa.table('answer', sa.column('id', sa.BigInteger), sa.column('response_id', sa.BigInteger),
                  sa.column('question_id', sa.String), sa.column('value', sa.JSON),
                  sa.column('redacted', sa.Text))
response = sa.table('response', sa.column('id', sa.BigInteger), sa.column('survey_version_id', sa.Integer))
survey_version = sa.table('survey_version', sa.column('id', sa.Integer), sa.column('definition', sa.JSON))


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redacted', sa.Text(), nullable=True))
    backfill(op.get_bind())


def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('redacted')


def backfill(connection, batch=BATCH):
    """Store the redacted text of every answer someone wrote something in."""
    import surveys
    from engage.redacted import redacted_text

    questions = {}  # survey version id -> {question id: question}, only those an answer can be written in
    for version_id, definition in connection.execute(sa.select(survey_version.c.id, survey_version.c.definition)):
        survey = surveys.Survey.from_dict(definition)
        questions[version_id] = {q.id: q for q in survey.questions
                                 if q.qtype.takes_answer and (q.type in ('short_text', 'long_text') or q.choices)}
    wanted = sorted({qid for found in questions.values() for qid in found})
    if not wanted:
        return
    query = (sa.select(answer.c.id, answer.c.question_id, answer.c.value, response.c.survey_version_id)
             .join(response, response.c.id == answer.c.response_id)
             .where(answer.c.question_id.in_(wanted)).order_by(answer.c.id).limit(batch))
    after = None
    while True:
        rows = connection.execute(query if after is None else query.where(answer.c.id > after)).all()
        if not rows:
            return
        updates = []
        for key, qid, value, version_id in rows:
            text = redacted_text(questions.get(version_id, {}).get(qid), value)
            if text is not None:
                updates.append({'key': key, 'text': text})
        if updates:
            connection.execute(answer.update().where(answer.c.id == sa.bindparam('key'))
                               .values(redacted=sa.bindparam('text')), updates)
        after = rows[-1].id
