"""Officers' pages for a case's staff codes (email, printed sheet, new codes, reminders) and questions log."""

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage import ballot, jobs, mail, questions_log
from engage.case_reporting import case_minimum
from engage.extensions import db
from engage.forms import form_errors
from engage.invitations import batches, bp, services
from engage.invitations.forms import AnswerForm, ButtonForm
from engage.models.base import utcnow


def _case(slug):
    case = ballot.find_case(slug)
    if case is None:
        abort(404)
    if not ballot.may_run_case(current_user, case):
        abort(403)
    return case


def _invitations_page(case, errors=(), status=200):
    batches.notice_lost(case)
    db.session.commit()
    codes = ballot.codes_by_staff(case)
    answered = sum(row.answered for row in codes.values())
    return make_response(render_template(
        "invitations/index.html", case=case, codes=codes, form=ButtonForm(formdata=None), errors=list(errors),
        mail_configured=mail.configured(), takes_codes=services.takes_codes(case),
        to_email=ballot.staff_without_code(case, with_email=True),
        to_print=ballot.staff_without_code(case, with_email=False),
        answered=answered, min_group=case_minimum(case, current_app.config["MIN_GROUP_SIZE"]),
        batches=batches.recent(case),
    ), status)


@bp.get("/<slug>/invitations")
@login_required
def index(slug):
    return _invitations_page(_case(slug))


def _refusal(case):
    """Why codes cannot be given out now (a stale page, a closed survey, no email set up), or None."""
    if not ButtonForm().validate():
        return _invitations_page(case, [(_("The page was out of date, so nothing was changed. Press the button "
                                           "again."), "#codes")], 400)
    if not services.takes_codes(case):
        return _invitations_page(case, [(_("The survey has closed (or there is none yet), so no codes can be "
                                           "given out."), "#codes")], 409)
    return None


def _queue(case, kind, staff_id=None):
    """Queue the emails as a background job and go back to the page, which shows how the batch went."""
    if batches.unfinished(case, kind):
        flash(_("These emails are already being sent: their outcome appears below."))
        return redirect(url_for(".index", slug=case.slug, _anchor="emails"))
    batch = batches.queue(case, kind, current_user, request.host_url, staff_id)
    db.session.commit()
    try:
        batches.start(batch)
    except jobs.QueueUnavailable as error:
        db.session.delete(batch)
        db.session.commit()
        current_app.logger.warning("Staff emails for %s not queued: %s", case.slug, error)
        return _invitations_page(case, [(_("The emails could not be queued: the job queue cannot be reached. Try "
                                           "again later, or print codes."), "#codes")], 503)
    db.session.commit()
    flash(_("The emails were queued. They are sent in the background: the outcome appears below."))
    return redirect(url_for(".index", slug=case.slug, _anchor="emails"))


def _mail_or_refusal(case):
    refusal = _refusal(case)
    if refusal is None and not mail.configured():
        refusal = _invitations_page(case, [(_("Email is not set up on this server: print codes instead."),
                                            "#codes")], 409)
    return refusal


@bp.post("/<slug>/invitations/send")
@login_required
def send(slug):
    case = _case(slug)
    refusal = _mail_or_refusal(case)
    if refusal is not None:
        return refusal
    return _queue(case, batches.INVITE)


@bp.post("/<slug>/invitations/remind")
@login_required
def remind(slug):
    case = _case(slug)
    refusal = _mail_or_refusal(case)
    if refusal is not None:
        return refusal
    # Officers are not told who, nor how many: that would show who has answered.
    return _queue(case, batches.REMIND)


def _sheet(case, slips):
    db.session.commit()
    return render_template("invitations/sheet.html", case=case, slips=slips,
                           address=url_for("staff_survey.enter", _external=True))


@bp.post("/<slug>/invitations/print")
@login_required
def print_sheet(slug):
    case = _case(slug)
    refusal = _refusal(case)
    if refusal is not None:
        return refusal
    return _sheet(case, services.print_unissued(case))


@bp.post("/<slug>/invitations/<int:staff_id>/new-code")
@login_required
def new_code(slug, staff_id):
    case = _case(slug)
    person = services.staff_member(case, staff_id)
    if person is None:
        abort(404)
    refusal = _refusal(case)
    if refusal is not None:
        return refusal
    if person.email and mail.configured():
        return _queue(case, batches.NEW_CODE, person.id)
    return _sheet(case, services.print_codes([person]))


@bp.get("/<slug>/questions")
@login_required
def questions(slug):
    case = _case(slug)
    return _questions_page(case, {}, None)


def _questions_page(case, forms, failed_id, status=200):
    rows = questions_log.all_questions(case)
    forms = {q.id: forms.get(q.id) or AnswerForm(formdata=None, data={"answer": q.answer or ""}) for q in rows}
    errors = form_errors(forms[failed_id], ["answer"]) if failed_id is not None else []
    errors = [(message, f"#answer-{failed_id}") for message, _anchor in errors]
    return make_response(render_template("invitations/questions.html", case=case, questions=rows, forms=forms,
                                         failed_id=failed_id, errors=errors), status)


@bp.post("/<slug>/questions/<int:question_id>")
@login_required
def answer(slug, question_id):
    case = _case(slug)
    question = questions_log.find(case, question_id)
    if question is None:
        abort(404)
    form = AnswerForm()
    if not form.validate():
        return _questions_page(case, {question.id: form}, question.id, 400)
    questions_log.answer(question, form.answer.data, current_user, utcnow().date())
    db.session.commit()
    flash(_("Answer published in the case's questions and answers."))
    return redirect(url_for(".questions", slug=slug, _anchor=f"question-{question.id}"))
