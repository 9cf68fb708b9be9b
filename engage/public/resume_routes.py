"""Save and come back later: the code a respondent is given, and resuming with it (form or link)."""

from flask import current_app, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from engage import throttle
from engage.answering import services
from engage.forms import csrf_failed, stale_button_message
from engage.models.base import utcnow
from engage.public import bp
from engage.public.forms import ResumeForm
from engage.public.routes import _consultation_or_404, _drafts, _not_accepting, _today, _yours


@bp.get("/consultations/<slug>/saved")
def saved(slug):
    consultation = _consultation_or_404(slug)
    code = session.pop("resume_code", None)
    if code is None:
        return redirect(url_for(".consultation", slug=slug))
    resume_url = url_for(".resume_with_code", code=code, _external=True)
    return render_template("public/saved.html", consultation=consultation, code=code, resume_url=resume_url,
                           days=current_app.config["DRAFT_RETENTION_DAYS"])



def _too_many_codes(code=None):
    form = ResumeForm(data={"code": code} if code is not None else None)  # keeps the code typed
    form.code.errors = [throttle.wait_message()]
    return make_response(render_template("public/resume.html", form=form, errors=[(form.code.errors[0], "#code")]), 429)


@bp.route("/resume", methods=["GET", "POST"])
def resume():
    form = ResumeForm()
    errors = []
    if request.method == "POST":
        if form.validate():
            if throttle.refused(throttle.resume_counters()):
                return _too_many_codes()
            draft = _yours(services.draft_for_code(form.code.data, current_app.config["DRAFT_RETENTION_DAYS"],
                                                   utcnow()))
            if draft is not None:
                return _continue(draft)
            throttle.count_failure(throttle.resume_counters())
            form.code.errors.append(_("We could not find saved answers for that code. Check it and try again."))
        elif csrf_failed(form):
            errors.append((stale_button_message(), "#code"))
        errors += [(e, "#code") for e in form.code.errors]
    return render_template("public/resume.html", form=form, errors=errors), (400 if errors else 200)


@bp.get("/resume/<code>")
def resume_with_code(code):
    if throttle.refused(throttle.resume_counters()):
        return _too_many_codes(code)
    draft = _yours(services.draft_for_code(code, current_app.config["DRAFT_RETENTION_DAYS"], utcnow()))
    if draft is None:
        throttle.count_failure(throttle.resume_counters())
        form = ResumeForm(data={"code": code})
        form.code.errors = [_("We could not find saved answers for that code. Check it and try again.")]
        return render_template("public/resume.html", form=form, errors=[(form.code.errors[0], "#code")]), 404
    return _continue(draft)


def _continue(draft):
    """Put a resumed draft back in this browser's session and go to where the respondent left off."""
    consultation = draft.survey_version.consultation
    if not services.accepts_answers(consultation, draft, _today()):
        return _not_accepting(consultation)
    _drafts()[consultation.slug] = draft.token
    session.modified = True
    survey = services.load_survey(draft.survey_version)
    page_id = services.resume_page(survey, draft.answers)
    if page_id is None:
        return redirect(url_for(".check_answers", slug=consultation.slug))
    return redirect(url_for(".question_page", slug=consultation.slug, page_id=page_id))
