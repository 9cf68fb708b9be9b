"""A theme analysis's themes and assignments as files, linked from the workspace's run page."""

from flask import abort, current_app, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage import access
from engage.answering.counts import response_counts
from engage.case_reporting import minimum_for
from engage.datasets.answers import LAYOUTS
from engage.exports import bp, services
from engage.extensions import db
from engage.models import AnalysisRun, RunStatus


@bp.get("/runs/<int:run_id>/<any(themes, assignments):table>.<any(csv, xlsx, sav, json):kind>")
@login_required
def run_download(run_id, table, kind):
    run = db.session.get(AnalysisRun, run_id)
    if run is None or kind not in services.RUN_FILES[table]:
        abort(404)
    consultation = run.consultation
    if not access.may_work_on_themes(current_user, consultation):
        abort(403)
    minimum = minimum_for(consultation)
    total = response_counts([consultation], minimum)[consultation.id]["total"]
    if services.withheld_because(consultation, total, minimum):
        abort(403)
    if run.status is not RunStatus.FINISHED:
        return _problem(_("This analysis has not finished, so it has no themes to download yet."), 409)
    layout = request.args.get("layout", "wide")
    if layout not in LAYOUTS or (table == "themes" and "layout" in request.args and kind != "xlsx"):
        return _problem(_("Choose the layout “wide” (one row per answer, a column per theme) or “long” (one row "
                          "per answer and theme), for the assignments only."), 400)
    if kind == "sav" and layout != "wide":
        return _problem(_("SPSS files have one row per answer: leave out “layout=long”."), 400)
    services.record_export(current_user, consultation, f"run {run.id} {table} {kind} {layout}")
    db.session.commit()
    body = services.export_run(run, table, kind, layout)
    suffix = "" if layout == "wide" or (table == "themes" and kind != "xlsx") else "-long"
    return current_app.response_class(stream_with_context(body), mimetype=services.MIMETYPES[kind], headers={
        "Content-Disposition": f'attachment; filename="{consultation.slug}-analysis-{run.id}-{table}{suffix}.{kind}"',
        "Cache-Control": "no-store",
    })


def _problem(message, status):
    return render_template("errors/error.html", title=_("There is a problem with what was sent"),
                           message=message), status
