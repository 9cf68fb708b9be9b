"""Routes for residents: consultations, question pages, check answers, save and return."""

import json
from datetime import date

from flask import abort, current_app, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

import surveys
from engage import ballot, throttle
from engage.answering import drafts, fragments, services
from engage.answering.fragments import page_questions_html
from engage.extensions import db
from engage.forms import TranslatedForm, csrf_failed, stale_button_message
from engage.i18n import LANGUAGES, current_language
from engage.models import Audience, Channel, Status
from engage.models.base import utcnow
from engage.periods import dates_open
from engage.public import bp, listing
from engage.public.forms import ActionForm
from engage.security import csp_nonce


def _today() -> date:
    return utcnow().date()


def _csrf_message() -> str:
    return _(
        "Your session timed out or the page was out of date, so nothing was saved. "
        "Your answers are still on this page: check them and continue."
    )


def _drafts() -> dict:
    return session.setdefault("drafts", {})


def _may_open(entered_by_id: int | None) -> bool:
    """Whether whoever uses this browser may open a draft entered by ``entered_by_id`` (see drafts.may_open)."""
    if entered_by_id is None:
        return True  # a respondent's own: no need to look up who is signed in
    return drafts.may_open(entered_by_id, current_user.id if current_user.is_authenticated else None)


def _yours(draft):
    """``draft`` if whoever uses this browser may open it, else None: as if there were none."""
    return draft if draft is None or _may_open(draft.entered_by_id) else None


def _not_published():
    # Say why, without showing anything of the draft; nothing is stored.
    abort(make_response(render_template("public/not_published.html"), 404))


def _no_transaction_for_reads():
    # Resident GET pages never write. Only the call that set it up may end it.
    if request.method == "GET" and services.read_without_transaction():
        g.reads_outside_transaction = True


@bp.teardown_request
def _end_reads_outside_transaction(_error):
    # The session outlives the request where an app context spans several (tests, CLI):
    # hand the connection back so the next request's writes get a transaction again.
    if g.pop("reads_outside_transaction", False):
        db.session.rollback()


def _consultation_or_404(slug):
    _no_transaction_for_reads()
    try:
        consultation = services.published_consultation(slug)
    except services.NotPublished:
        _not_published()
    if consultation is None:
        abort(404)
    return consultation


def _consultation_and_draft(slug):
    """The consultation (or its 404 page) and this browser's draft of it; one query when there is a draft."""
    _no_transaction_for_reads()
    try:
        draft = _yours(services.find_draft(_drafts().get(slug), slug))
    except services.NotPublished:
        _not_published()
    if draft is None:
        return _consultation_or_404(slug), None
    return draft.survey_version.consultation, draft


def _staff_pass(consultation, draft, answering: bool = True):
    """For a staff survey, the staff code this browser was given for it (see engage.ballot); None for others.

    Staff surveys take answers only with a code: without one, this ends the request with the way
    to enter one; with a code already used to answer (``answering``), with a page saying so. Drafts
    staff enter on someone's behalf (open only to whoever started them) need none.
    """
    if consultation.audience is not Audience.STAFF:
        return None
    if draft is not None and draft.channel is not Channel.ONLINE:
        return None
    code = ballot.pass_for_consultation(session.get(ballot.SESSION_KEY, {}).values(), consultation)
    if code is None:
        abort(redirect(url_for("staff_survey.enter")))
    if answering and code.answered:
        abort(make_response(render_template("public/staff_answered.html", case=ballot.case_of(code)), 410))
    return code


def _entered(draft) -> dict | None:
    """How a draft staff are entering on someone's behalf reached them, and its language; None when online."""
    if draft.channel is Channel.ONLINE:
        return None
    return {"channel": draft.channel.value, "language": LANGUAGES.get(draft.language, LANGUAGES["en"])}


def _not_accepting(consultation):
    """The explanation page for a consultation that cannot take answers now. Nothing is stored."""
    return render_template("public/not_open.html", consultation=consultation, today=_today(),
                           ran=dates_open([consultation], get_timezone())[consultation.id]), 410


@bp.get("/")
def index():
    results = listing.consultations_with_feedback()
    return render_template("public/index.html", consultations=listing.open_consultations(_today()),
                           results=results, ran=dates_open(results, get_timezone()))


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html", draft_retention_days=current_app.config["DRAFT_RETENTION_DAYS"],
                           device_cookie_days=throttle.DEVICE_COOKIE_DAYS)


@bp.route("/consultations/<slug>", methods=["GET", "POST"])
def consultation(slug):
    consultation, draft = _consultation_and_draft(slug)
    feedback = consultation.status is Status.FEEDBACK_PUBLISHED and request.method == "GET"
    _staff_pass(consultation, draft, answering=not feedback)
    if feedback:
        return render_template("public/feedback.html", consultation=consultation,
                               ran=dates_open([consultation], get_timezone())[consultation.id],
                               responses=listing.response_count(consultation),
                               min_group=current_app.config["MIN_GROUP_SIZE"])
    if not services.accepts_answers(consultation, draft, _today()):
        return _not_accepting(consultation)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate():
            return render_template("public/consultation.html", consultation=consultation, form=form,
                                   draft=draft, errors=[(stale_button_message(), "#start")]), 400
        if draft is None:
            draft = services.start_draft(consultation, current_language().code)
            db.session.commit()
            _drafts()[slug] = draft.token
            session.modified = True
        survey = services.load_survey(draft.survey_version)
        page_id = services.resume_page(survey, draft.answers) or surveys.first_page(survey, draft.answers)
        return redirect(url_for(".question_page", slug=slug, page_id=page_id))
    page = make_response(render_template("public/consultation.html", consultation=consultation, form=form,
                                         draft=draft, errors=[]))
    if consultation.audience is Audience.STAFF:
        page.headers["X-Robots-Tag"] = "noindex"  # not listed by search engines either
    return page


def _page_context(consultation, path, page, questions, form, draft, return_to):
    """Template context of a question page; ``path`` is the respondent's path, which includes ``page``."""
    position = path.index(page.id) + 1
    back = path[position - 2] if position > 1 else None
    if return_to == "check":
        back_url = url_for(".check_answers", slug=consultation.slug)
    elif back:
        back_url = url_for(".question_page", slug=consultation.slug, page_id=back)
    else:
        back_url = url_for(".consultation", slug=consultation.slug)
    errors = []
    if csrf_failed(form):
        errors.append((_csrf_message(), "#" + (questions[0].id if questions else "main-content")))
    for question in questions:
        field = form[question.id]
        if field.errors:
            errors.append((field.errors[0], "#" + field.id))
    rendered = page_questions_html(
        questions, form, version_key=services.version_key(draft.survey_version), lang=current_language().code,
        answers=draft.answers, cacheable=request.method == "GET",
    )
    return {
        "consultation": consultation,
        "page": page,
        "questions": questions,
        "form": form,
        "back_url": back_url,
        "errors": errors,
        "return_to": return_to,
        "position": position,
        "path_length": len(path),
        "question_html": rendered,
        "entered": _entered(draft),
    }


def _page_key(version_key, title: dict, path: list, page_id: str, questions, answers: dict, channel: Channel,
              language: str) -> tuple:
    """Everything a question page on a GET depends on, but its CSRF token and script nonce (see fragments)."""
    entered = None if channel is Channel.ONLINE else (channel.value, language)
    return (version_key, json.dumps(title, sort_keys=True), tuple(path), page_id, entered, current_language().code,
            request.full_path, fragments.shown_answers([(q.id, answers.get(q.id)) for q in questions]))


def _glance_on_path(slug: str, page_id: str):
    """(glance, survey, path, questions) when this browser's draft may answer ``page_id`` now; else None.

    The quick paths below use it and, on None, leave the case (no draft, closed, not on the
    path, a survey not yet parsed in this process) to the full route, which explains it.
    """
    glance = drafts.glance_at_draft(session.get("drafts", {}).get(slug), slug)
    if glance is None or not glance.accepts_answers(_today()) or glance.audience is Audience.STAFF:
        return None  # staff surveys check the staff code on the full route
    if not _may_open(glance.entered_by_id):
        return None
    survey = services.parsed_survey(glance.version_key)
    if survey is None:
        return None
    path = surveys.respondent_path(survey, glance.answers)
    if page_id not in path:
        return None
    return glance, survey, path, surveys.visible_questions(survey, survey.page(page_id), glance.answers)


def _question_page_from_cache(slug: str, page_id: str) -> str | None:
    """The question page as stored by an earlier GET with the same key, after the same checks; None on a miss.

    One query and no form or template: most first views of a page hit (nothing answered yet).
    """
    found = _glance_on_path(slug, page_id)
    if found is None:
        return None
    glance, _survey, path, questions = found
    key = _page_key(glance.version_key, glance.title, path, page_id, questions, glance.answers, glance.channel,
                    glance.language)
    return fragments.cached_page(key, csrf_token=generate_csrf(), nonce=csp_nonce())


def _continue_quickly(slug: str, page_id: str):
    """Save a valid "Continue" with one query and one UPDATE, and redirect; None leaves it to the full route.

    The full route handles errors (it shows them), "Save and come back later" (it issues a code)
    and everything :func:`_glance_on_path` leaves to it.
    """
    if request.form.get("action") != "continue":
        return None
    found = _glance_on_path(slug, page_id)
    if found is None:
        return None
    glance, survey, _path, questions = found
    lang = current_language().code
    form = surveys.build_page_form(questions, lang, base=TranslatedForm, formdata=request.form, data=glance.answers)
    if not form.validate():
        return None
    answers = drafts.save_glanced_answers(glance, surveys.page_answers(form, questions), lang)
    db.session.commit()
    return _where_next(slug, survey, page_id, answers)


def _where_next(slug: str, survey, page_id: str, answers: dict):
    """Where "Continue" leads once this page's answers are stored."""
    if request.values.get("return_to") == "check":
        # After a change, return to the check page unless the change opened new questions.
        pending = services.resume_page(survey, answers)
        if pending is not None:
            return redirect(url_for(".question_page", slug=slug, page_id=pending, return_to="check"))
        return redirect(url_for(".check_answers", slug=slug))
    next_id = surveys.next_page(survey, page_id, answers)
    if next_id is None:
        return redirect(url_for(".check_answers", slug=slug))
    return redirect(url_for(".question_page", slug=slug, page_id=next_id))


@bp.route("/consultations/<slug>/questions/<page_id>", methods=["GET", "POST"])
def question_page(slug, page_id):
    quick = _question_page_from_cache(slug, page_id) if request.method == "GET" else _continue_quickly(slug, page_id)
    if quick is not None:
        return quick
    consultation, draft = _consultation_and_draft(slug)
    _staff_pass(consultation, draft)
    if not services.accepts_answers(consultation, draft, _today()):
        return _not_accepting(consultation)
    if draft is None:
        return redirect(url_for(".consultation", slug=slug))
    survey = services.load_survey(draft.survey_version)
    path = surveys.respondent_path(survey, draft.answers)
    if page_id not in path:
        abort(404)
    page = survey.page(page_id)
    lang = current_language().code
    return_to = request.values.get("return_to") if request.values.get("return_to") == "check" else None
    questions = surveys.visible_questions(survey, page, draft.answers)
    form = surveys.build_page_form(
        questions, lang, base=TranslatedForm,
        formdata=request.form if request.method == "POST" else None,
        data=draft.answers,
    )
    if request.method == "POST":
        if form.validate():
            drafts.save_answers(draft, surveys.page_answers(form, questions), lang)
            if request.form.get("action") == "save":
                session["resume_code"] = services.issue_resume_code(draft)
                db.session.commit()
                return redirect(url_for(".saved", slug=slug))
            answers = draft.answers  # read before the commit expires it, saving a query
            db.session.commit()
            return _where_next(slug, survey, page.id, answers)
        context = _page_context(consultation, path, page, questions, form, draft, return_to)
        return render_template("public/question.html", **context), 400
    context = _page_context(consultation, path, page, questions, form, draft, return_to)
    html = render_template("public/question.html", **context)
    key = _page_key(services.version_key(draft.survey_version), consultation.title, path, page.id, questions,
                    draft.answers, draft.channel, draft.language)
    fragments.remember_page(key, html, csrf_token=generate_csrf(), nonce=csp_nonce())
    return html


@bp.route("/consultations/<slug>/check-answers", methods=["GET", "POST"])
def check_answers(slug):
    consultation, draft = _consultation_and_draft(slug)
    if not services.accepts_answers(consultation, draft, _today()):
        return _not_accepting(consultation)
    form = ActionForm()
    if draft is None:
        token = _drafts().get(slug)
        if token and services.response_for_submission(token) is not None:
            # A refresh or second click of "Submit": the response already exists.
            return redirect(url_for(".confirmation", slug=slug))
        return redirect(url_for(".consultation", slug=slug))
    code = _staff_pass(consultation, draft)
    survey = services.load_survey(draft.survey_version)
    pending = services.resume_page(survey, draft.answers)
    if request.method == "POST":
        if form.validate() and pending is None:
            if code is not None and not ballot.mark_answered(code.code_hash):
                # Sent meanwhile from another browser with the same code: one answer per code.
                db.session.rollback()
                return render_template("public/staff_answered.html", case=ballot.case_of(code)), 410
            response = services.submit(draft)
            db.session.commit()
            session.setdefault("submitted", {})[slug] = response.reference
            session.modified = True
            if response.channel is not Channel.ONLINE and current_user.is_authenticated:
                # Staff entering on someone's behalf; a resident finishing it from a resume code gets theirs.
                return redirect(url_for("entry.entered", slug=slug))
            return redirect(url_for(".confirmation", slug=slug))
        if pending is not None:
            return redirect(url_for(".question_page", slug=slug, page_id=pending))
    lang = current_language().code
    rows = []
    answers = surveys.prune_answers(survey, draft.answers)
    for page_id in surveys.respondent_path(survey, draft.answers):
        page = survey.page(page_id)
        for question in surveys.visible_questions(survey, page, draft.answers):
            if not question.qtype.takes_answer:
                continue  # a note has nothing to check
            value = answers.get(question.id)
            rows.append({
                "question": question,
                "value": surveys.display_answer(question, value, lang, _) or None,
                "change_url": url_for(".question_page", slug=slug, page_id=page_id, return_to="check"),
            })
    errors = [(stale_button_message(), "#submit")] if csrf_failed(form) else []
    return render_template(
        "public/check_answers.html", consultation=consultation, survey=survey, rows=rows, form=form,
        errors=errors, pending=pending, entered=_entered(draft),
    ), (400 if errors else 200)


@bp.get("/consultations/<slug>/confirmation")
def confirmation(slug):
    consultation = _consultation_or_404(slug)
    token = _drafts().get(slug)
    reference = session.get("submitted", {}).get(slug)
    if reference is None and token:
        response = services.response_for_submission(token)
        reference = response.reference if response else None
    if reference is None:
        return redirect(url_for(".consultation", slug=slug))
    return render_template("public/confirmation.html", consultation=consultation, reference=reference)
