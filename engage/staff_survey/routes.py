"""Staff pages reached with a single-use code: enter the code, read the case's FAQ, ask a question."""

from flask import abort, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from engage import ballot, questions_log, throttle
from engage.extensions import db
from engage.forms import csrf_failed, form_errors, stale_button_message
from engage.models import Status
from engage.models.base import utcnow
from engage.staff_survey import bp
from engage.staff_survey.forms import CodeForm, QuestionForm


def _codes() -> dict:
    return session.setdefault(ballot.SESSION_KEY, {})


def _code_page(form, errors, status):
    return make_response(render_template("staff_survey/enter.html", form=form, errors=errors), status)


@bp.route("", methods=["GET", "POST"])
def enter():
    """The code form; the link in a staff email comes here with ``?code=``."""
    linked = request.method == "GET" and "code" in request.args
    form = CodeForm(data={"code": request.args["code"]}) if linked else CodeForm()
    if not linked and request.method == "GET":
        return _code_page(form, [], 200)
    if not linked and not form.validate():
        errors = [(stale_button_message(), "#code")] if csrf_failed(form) else []
        return _code_page(form, errors + [(e, "#code") for e in form.code.errors], 400)
    if throttle.refused(throttle.staff_code_counters()):
        form.code.errors = [throttle.wait_message()]
        return _code_page(form, [(form.code.errors[0], "#code")], 429)
    code = ballot.find_code(form.code.data or "")
    if code is None:
        throttle.count_failure(throttle.staff_code_counters())
        form.code.errors = [_("We could not find that code. Check it and try again, or ask your workforce team "
                              "for a new one.")]
        return _code_page(form, [(form.code.errors[0], "#code")], 404 if linked else 400)
    case = ballot.case_of(code)
    _codes()[case.slug] = code.code_hash
    session.modified = True
    return redirect(url_for(".case", slug=case.slug))


def _case_and_code(slug):
    """The case and this browser's current code for it; anyone without one is sent to the code form."""
    digest = session.get(ballot.SESSION_KEY, {}).get(slug)
    code = ballot.code_for_hash(digest) if digest else None
    if code is None or ballot.case_of(code).slug != slug:
        abort(redirect(url_for(".enter")))
    return ballot.case_of(code), code


def _case_page(case, code, form, errors, status=200):
    return make_response(render_template(
        "staff_survey/case.html", case=case, survey=case.consultation, state=_survey_state(case, code),
        asking=_may_ask(case),
        faq=questions_log.faq(case), form=form, errors=errors, sent=session.pop("question_sent", False),
    ), status)


def _survey_state(case, code) -> str:
    """What the case page says about the survey: answered, open, closed or not_open (not yet, or none)."""
    survey, today = case.consultation, utcnow().date()
    if code.answered:
        return "answered"
    if ballot.survey_takes_answers(case, today):
        return "open"
    if survey is not None and (survey.status not in (Status.DRAFT, Status.OPEN) or survey.closes_on < today):
        return "closed"
    return "not_open"


def _may_ask(case) -> bool:
    """Questions are taken until the case's survey closes."""
    return case.consultation is None or case.consultation.status in (Status.DRAFT, Status.OPEN)


@bp.get("/<slug>")
def case(slug):
    case, code = _case_and_code(slug)
    return _case_page(case, code, QuestionForm(formdata=None), [])


@bp.post("/<slug>/questions")
def ask(slug):
    case, code = _case_and_code(slug)
    form = QuestionForm()
    if not _may_ask(case):
        form.question.errors = [_("The consultation has closed, so questions can no longer be asked.")]
        return _case_page(case, code, form, [(form.question.errors[0], "#question")], 410)
    if not form.validate():
        return _case_page(case, code, form, form_errors(form, ["question"]), 400)
    asked_by = code.staff.name if form.named.data else None
    questions_log.ask(case, form.question.data, asked_by, utcnow().date())
    db.session.commit()
    session["question_sent"] = True
    return redirect(url_for(".case", slug=slug, _anchor="question-sent"))
