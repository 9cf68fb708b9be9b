"""Analysts' and administrators' workspace: start theme analyses, follow them, review and agree their themes."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from engage import access
from engage.access import find_consultation
from engage.agreed_themes import theme_sizes
from engage.case_reporting import minimum_for
from engage.extensions import db
from engage.forms import form_errors, stale_button_message
from engage.groups import group_filters
from engage.i18n import current_language
from engage.labels import KIND_HEADINGS
from engage.locality_plan import priorities as plan_priorities
from engage.models import AnalysisRun, Consultation, RunStatus, Status, Theme
from engage.workspace import answers, bp, breakdowns, browse, review, runs
from engage.workspace.forms import AgreeForm, ButtonForm, StartForm, ThemeForm

# Seconds between refreshes of a page that shows a run still in progress.
REFRESH_SECONDS = 3


@bp.before_request
@login_required
def _analysts_only():
    if not access.may_analyse(current_user):
        abort(403)
    lost = runs.notice_lost_runs(runs.active_runs())
    db.session.commit()
    for run in lost:
        runs.enqueue(run)
        db.session.commit()


def _consultation_or_404(slug: str) -> Consultation:
    consultation = find_consultation(slug)
    if consultation is None or consultation.status is Status.DRAFT:
        abort(404)
    return consultation


def _run_or_404(run_id: int) -> AnalysisRun:
    return db.session.get(AnalysisRun, run_id) or abort(404)


def _theme_or_404(theme_id: int) -> Theme:
    return db.session.get(Theme, theme_id) or abort(404)


@bp.get("/")
def index():
    consultations = list(db.session.scalars(select(Consultation).where(Consultation.status != Status.DRAFT)
                                            .order_by(Consultation.opens_on.desc(), Consultation.slug)))
    latest = {c.id: next(iter(runs.runs_of(c.id)), None) for c in consultations}
    questions = {c.id: answers.free_text_questions(c) for c in consultations}
    return render_template("workspace/index.html", consultations=consultations, latest=latest, questions=questions)


def _consultation_page(consultation, form, errors=(), status=200):
    minimum = minimum_for(consultation)
    questions = answers.free_text_questions(consultation)
    form.questions.choices = list(questions.items())
    unavailable = answers.unavailable_because(consultation, answers.response_total(consultation), minimum)
    return render_template("workspace/consultation.html", consultation=consultation, form=form, errors=list(errors),
                           questions=questions, unavailable=unavailable, minimum=minimum,
                           runs=runs.runs_of(consultation.id)), status


@bp.get("/<slug>/")
def consultation(slug):
    return _consultation_page(_consultation_or_404(slug), StartForm(formdata=None))


@bp.post("/<slug>/")
def start(slug):
    consultation = _consultation_or_404(slug)
    form = StartForm()
    questions = answers.free_text_questions(consultation)
    form.questions.choices = list(questions.items())
    minimum = minimum_for(consultation)
    if answers.unavailable_because(consultation, answers.response_total(consultation), minimum):
        return _consultation_page(consultation, form, status=409)
    if not form.validate():
        return _consultation_page(consultation, form, form_errors(form, ["questions", "n_themes"]), 400)
    unknown = [q for q in form.questions.data if q not in questions]
    if unknown:
        form.questions.errors = [_("Choose only questions people answer in their own words")]
        return _consultation_page(consultation, form, [(form.questions.errors[0], "#questions")], 400)
    parameters = {"random_state": 0}
    if form.n_themes.data:
        parameters["n_themes"] = int(form.n_themes.data)
    run = runs.start_run(consultation, form.questions.data, parameters, current_user)
    db.session.commit()
    runs.enqueue(run)
    db.session.commit()
    return redirect(url_for(".run", run_id=run.id))


@bp.get("/runs/<int:run_id>")
def run(run_id):
    run = _run_or_404(run_id)
    form = ThemeForm(formdata=None)
    questions = answers.free_text_questions(run.consultation)
    sizes = theme_sizes(run)
    return render_template("workspace/run.html", run=run, questions=questions, sizes=sizes, form=form, errors=[],
                           refresh=REFRESH_SECONDS if run.active and request.args.get("refresh") != "off" else None,
                           button=ButtonForm())


@bp.post("/runs/<int:run_id>/retry")
def retry(run_id):
    run = _run_or_404(run_id)
    form = ButtonForm()
    if not form.validate():
        flash(stale_button_message())
        return redirect(url_for(".run", run_id=run.id))
    if run.status is not RunStatus.FAILED:
        abort(409)
    runs.retry_run(run)
    db.session.commit()
    runs.enqueue(run)
    db.session.commit()
    return redirect(url_for(".run", run_id=run.id))


@bp.post("/runs/<int:run_id>/themes")
def create_theme(run_id):
    run = _run_or_404(run_id)
    if run.status is not RunStatus.FINISHED:
        abort(409)
    form = ThemeForm()
    if not form.validate():
        errors = form_errors(form, ["label", "description"])
        return render_template("workspace/run.html", run=run, questions=answers.free_text_questions(run.consultation),
                               sizes=theme_sizes(run), form=form, errors=errors, refresh=None,
                               button=ButtonForm()), 400
    theme = review.create(run, current_user, form.label.data, form.description.data or "")
    db.session.commit()
    flash(_("Theme “%(label)s” created.", label=theme.label))
    return redirect(url_for(".theme", theme_id=theme.id))


@bp.get("/runs/<int:run_id>/changes")
def changes(run_id):
    run = _run_or_404(run_id)
    return render_template("workspace/changes.html", run=run, changes=review.changes(run))


# -- one theme ---------------------------------------------------------------------------------------------------
def _theme_page(theme, form=None, errors=(), status=200, chosen=(), values=None, by=()):
    form = form or ThemeForm(formdata=None, data={"label": theme.label, "description": theme.description})
    offered = group_filters(theme.run.consultation, current_language().code, _)
    minimum = minimum_for(theme.run.consultation)
    tables = breakdowns.breakdowns(theme, list(by), offered, _("No answer or none of these"), minimum)
    return render_template("workspace/theme.html", theme=theme, run=theme.run, form=form, errors=list(errors),
                           offered=offered, by=list(by), tables=tables, minimum=minimum,
                           members=browse.theme_answers(theme),
                           others=[t for t in theme.run.themes if t.id != theme.id],
                           chosen={str(c) for c in chosen}, values=values or {}, button=ButtonForm(),
                           plan=plan_priorities(), plan_headings=KIND_HEADINGS, tagged=review.tags(theme)), status


@bp.get("/themes/<int:theme_id>")
def theme(theme_id):
    theme = _theme_or_404(theme_id)
    offered = group_filters(theme.run.consultation, current_language().code, _)
    by, unknown = breakdowns.read_chosen(request.args, offered)
    if unknown:
        anchor = "#by" if offered else "#breakdown-heading"
        return _theme_page(theme, errors=[(_("Choose groups from the list to break the theme down by"), anchor)],
                           status=400, by=by)
    return _theme_page(theme, by=by)


def _change(theme, apply, values):
    """Run ``apply()`` and commit; a ReviewError re-shows the page with its message at the field at fault."""
    if theme.run.status is not RunStatus.FINISHED:
        abort(409)
    form = ButtonForm()
    if not form.validate():
        return _theme_page(theme, errors=[(stale_button_message(), "#label")], status=400, values=values)
    try:
        message = apply()
    except review.ReviewError as problem:
        text = problem_message(problem.code)
        return _theme_page(theme, errors=[(text, "#" + problem.field)], status=400,
                           chosen=request.form.getlist("answers"), values=values | {"error_" + problem.field: text})
    db.session.commit()
    flash(message)
    return None


def problem_message(code: str) -> str:
    return {
        "another_theme": _("Choose another theme of this analysis"),
        "no_answers": _("Choose at least one answer of this theme"),
        "no_themes": _("Choose at least one theme"),
        "no_name": _("Enter a name for the new theme, of 200 characters or fewer"),
        "not_finished": _("The analysis has not finished"),
        "not_agreed": _("Agree the theme before tagging it with plan priorities"),
        "no_priority": _("Choose priorities from the plan"),
    }.get(code, _("Choose what to do with the answers"))


@bp.post("/themes/<int:theme_id>/edit")
def edit_theme(theme_id):
    theme = _theme_or_404(theme_id)
    if theme.run.status is not RunStatus.FINISHED:
        abort(409)
    form = ThemeForm()
    if not form.validate():
        return _theme_page(theme, form, form_errors(form, ["label", "description"]), 400)
    review.edit(theme, current_user, form.label.data, form.description.data or "")
    db.session.commit()
    flash(_("Theme saved."))
    return redirect(url_for(".theme", theme_id=theme.id))


@bp.post("/themes/<int:theme_id>/agree")
def agree_theme(theme_id):
    theme = _theme_or_404(theme_id)
    agreed = AgreeForm().agreed.data

    def apply():
        review.set_agreed(theme, current_user, bool(agreed))
        return _("Theme agreed.") if agreed else _("Theme no longer agreed.")

    return _change(theme, apply, {}) or redirect(url_for(".theme", theme_id=theme.id))


@bp.post("/themes/<int:theme_id>/priorities")
def tag_theme(theme_id):
    theme = _theme_or_404(theme_id)
    wanted = request.form.getlist("priorities")

    def apply():
        changed = review.set_priorities(theme, current_user, wanted)
        return _("Plan priorities saved.") if changed else _("No change to the plan priorities.")

    return _change(theme, apply, {"priorities": wanted}) or redirect(url_for(".theme", theme_id=theme.id))


@bp.post("/themes/<int:theme_id>/merge")
def merge_theme(theme_id):
    theme = _theme_or_404(theme_id)
    target_id = request.form.get("target", "")
    holder = {}

    def apply():
        target = review.sibling(theme, target_id)
        review.merge(theme, target, current_user)
        holder["target"] = target
        return _("Merged into “%(label)s”.", label=target.label)

    page = _change(theme, apply, {"target": target_id})
    return page or redirect(url_for(".theme", theme_id=holder["target"].id))


@bp.post("/themes/<int:theme_id>/delete")
def delete_theme(theme_id):
    theme = _theme_or_404(theme_id)
    run_id, label = theme.run_id, theme.label

    def apply():
        review.delete_theme(theme, current_user)
        return _("Theme “%(label)s” deleted. Its answers have no theme from it any more.", label=label)

    return _change(theme, apply, {}) or redirect(url_for(".run", run_id=run_id))


@bp.post("/themes/<int:theme_id>/answers")
def theme_answers(theme_id):
    theme = _theme_or_404(theme_id)
    chosen, action = request.form.getlist("answers"), request.form.get("action", "")
    target_id, new_label = request.form.get("move_to", ""), request.form.get("new_label", "").strip()
    values = {"move_to": target_id, "new_label": new_label}

    def apply():
        if action == "move":
            target = review.sibling(theme, target_id, field="move_to")
            moved = review.move_answers(theme, chosen, target, current_user)
            return _("%(n)d answers moved to “%(label)s”.", n=moved, label=target.label)
        if action == "split":
            new = review.split(theme, chosen, new_label, current_user)
            return _("%(n)d answers moved to the new theme “%(label)s”.", n=len(new.assignments), label=new.label)
        if action == "remove":
            removed = review.remove_answers(theme, chosen, current_user)
            return _("%(n)d answers taken out of this theme.", n=removed)
        raise review.ReviewError("no_action", "answers")

    page = _change(theme, apply, values)
    return page or redirect(url_for(".theme", theme_id=theme.id))
