"""Assisted coding and the answer browser of a finished run."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engage.case_reporting import minimum_for, withholds_free_text
from engage.extensions import db
from engage.forms import stale_button_message
from engage.groups import group_filters
from engage.i18n import current_language
from engage.models import AnalysisRun, Channel, RunStatus
from engage.workspace import answers, bp, browse, coding, review
from engage.workspace.forms import ButtonForm
from engage.workspace.routes import problem_message


def _finished_run_or_404(run_id: int) -> AnalysisRun:
    run = db.session.get(AnalysisRun, run_id) or abort(404)
    if run.status is not RunStatus.FINISHED:
        abort(409)
    return run


def _coding_page(run, errors=(), status=200, kept=None):
    themes = coding.agreed_themes(run)
    found = []
    if len(themes) >= 2:
        found = coding.suggestions(run, coding.fit_coder(run))
    return render_template("workspace/coding.html", run=run, themes=themes, suggestions=found, errors=list(errors),
                           figures=coding.agreement(run), button=ButtonForm(), kept=kept or {}), status


@bp.route("/runs/<int:run_id>/coding", methods=["GET", "POST"])
def coding_page(run_id):
    run = _finished_run_or_404(run_id)
    if request.method == "GET":
        return _coding_page(run)
    if not ButtonForm().validate():
        return _coding_page(run, [(stale_button_message(), "#coding")], 400)
    if len(coding.agreed_themes(run)) < 2:
        abort(409)
    if request.form.get("action") == "apply":
        coded = coding.apply_coder(run, coding.fit_coder(run), current_user)
        db.session.commit()
        flash(_("The assistant coded %(n)d answers.", n=coded))
        return redirect(url_for(".coding_page", run_id=run.id))
    answer_id = request.form.get("answer", "")
    if not answer_id.isdigit() or not answers.analysed(run, int(answer_id)):
        abort(400)
    chosen, suggested = request.form.getlist("themes"), request.form.get("suggested", "")
    agreed = {str(t.id) for t in coding.agreed_themes(run)}
    try:
        if not set(chosen) <= agreed:
            raise review.ReviewError("no_themes", "themes")
        review.code_answer(run, int(answer_id), chosen, current_user,
                           suggested=[s for s in suggested.split(",") if s.isdigit()])
    except review.ReviewError as problem:
        db.session.rollback()
        anchor = f"#themes-{answer_id}"
        return _coding_page(run, [(problem_message(problem.code), anchor)], 400, kept={int(answer_id): chosen})
    db.session.commit()
    flash(_("Codes saved."))
    return redirect(url_for(".coding_page", run_id=run.id))


@bp.get("/runs/<int:run_id>/answers")
def answers_page(run_id):
    run = _finished_run_or_404(run_id)
    groups = group_filters(run.consultation, current_language().code, _)
    filters = browse.read_filters(request.args, run, groups)
    minimum = minimum_for(run.consultation)
    found, total = browse.browse(run, filters, current_user, minimum)
    db.session.commit()  # the audit trail of answers shown whole
    # Answers of one group of people (by language) in a staff survey: none at all when the group is small.
    if filters.language and not filters.refused and withholds_free_text(run.consultation, total, minimum):
        found, total, filters.refused = [], None, "staff"
    pages = max(1, -(-(total or 0) // browse.PAGE_SIZE))
    first_group = "#" + groups[0].key if groups else "#theme"
    errors = [_filter_problem(name, code, groups, first_group) for name, code in filters.problems.items()]
    page = render_template("workspace/answers.html", run=run, filters=filters, answers=found, total=total,
                           pages=pages, errors=errors, languages=browse.languages_of(run), groups=groups,
                           minimum=minimum, channels=[] if browse.ballot_box(run) else [c.value for c in Channel],
                           sentiments=browse.SENTIMENTS,
                           whole=browse.shows_personal_details(current_user, run),
                           questions=answers.free_text_questions(run.consultation))
    return page, 400 if errors else 200, {"Cache-Control": "private, no-store"}


def _filter_problem(name: str, code: str, groups, first_group: str) -> tuple[str, str]:
    """(message, anchor) of the error summary for one filter's problem."""
    labels = {f.key: f.label for f in groups}
    if code == "long":
        return _("Search for %(n)d characters or fewer", n=browse.MAX_SEARCH), "#" + name
    if code == "one_group":
        return _("Filter by one group at a time: choose “Any” in all but one of the group filters"), "#" + name
    if code == "unknown_filter":
        return _("These answers cannot be filtered that way: use the filters below"), first_group
    if name in labels:
        return _("Select a value of “%(filter)s” from the list", filter=labels[name]), "#" + name
    return _("Choose a value from the list"), "#" + name
