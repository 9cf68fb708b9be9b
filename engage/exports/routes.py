"""Answers for analysis: the list of consultations, and each one's answers as CSV or Excel."""

from flask import abort, current_app, render_template
from flask_login import current_user, login_required

from engage import access
from engage.access import find_consultation
from engage.answering.counts import response_counts
from engage.exports import bp, services

FORMATS = {
    "csv": ("text/csv", services.as_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", services.as_xlsx),
}


@bp.get("/")
@login_required
def index():
    if not access.EXPORTED_BY.get(current_user.role):
        abort(403)
    consultations = access.exportable(current_user)
    minimum = current_app.config["MIN_GROUP_SIZE"]
    counts = response_counts(consultations, minimum)
    totals = {i: count["total"] for i, count in counts.items()}
    entered = {i: count["entered"] for i, count in counts.items()}
    withheld = {c.id: services.withheld_because(c, totals[c.id], minimum) for c in consultations}
    return render_template("exports/index.html", consultations=consultations, totals=totals, entered=entered,
                           withheld=withheld, minimum=minimum)


@bp.get("/<slug>.<any(csv, xlsx):kind>")
@login_required
def download(slug, kind):
    consultation = find_consultation(slug)
    if consultation is None or consultation.current_version is None:
        abort(404)
    if not access.may_export(current_user, consultation):
        abort(403)
    minimum = current_app.config["MIN_GROUP_SIZE"]
    total = response_counts([consultation], minimum)[consultation.id]["total"]
    if services.withheld_because(consultation, total, minimum):
        abort(403)
    mimetype, render = FORMATS[kind]
    body = render(services.answers_table(consultation))
    return current_app.response_class(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{slug}-answers.{kind}"',
        "Cache-Control": "no-store",  # answers are not kept in shared or browser caches
    })
