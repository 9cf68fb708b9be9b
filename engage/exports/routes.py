"""Answers for analysis: the list of consultations, and each one's answers as CSV, Excel, SPSS or JSON."""

from flask import abort, current_app, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage import access
from engage.access import find_consultation
from engage.answering.counts import response_counts
from engage.case_reporting import minimum_for
from engage.datasets.answers import LAYOUTS
from engage.exports import bp, services
from engage.extensions import db


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


@bp.get("/<slug>.<any(csv, xlsx, sav, json):kind>")
@login_required
def download(slug, kind):
    consultation = find_consultation(slug)
    if consultation is None or consultation.current_version is None:
        abort(404)
    if not access.may_export(current_user, consultation):
        abort(403)
    minimum = minimum_for(consultation)
    total = response_counts([consultation], minimum)[consultation.id]["total"]
    if services.withheld_because(consultation, total, minimum):
        abort(403)
    layout = request.args.get("layout", "wide")
    if layout not in LAYOUTS:
        return _bad_request(_("Choose the layout “wide” (one row per response) or “long” (one row per answer)."))
    if kind == "sav" and layout != "wide":
        return _bad_request(_("SPSS files have one row per response: leave out “layout=long”."))
    spec = services.answers_spec(consultation)
    services.record_export(current_user, consultation, f"{kind} {layout}")
    db.session.commit()
    body = services.export(spec, kind, layout)
    suffix = "" if layout == "wide" else "-long"
    return current_app.response_class(stream_with_context(body), mimetype=services.MIMETYPES[kind], headers={
        "Content-Disposition": f'attachment; filename="{slug}-answers{suffix}.{kind}"',
        "Cache-Control": "no-store",  # answers are not kept in shared or browser caches
    })


def _bad_request(message):
    return render_template("errors/error.html", title=_("There is a problem with what was sent"),
                           message=message), 400
