"""Staff pages for running consultations: upload a document, check it, store it; open, close, publish feedback."""

import json

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

import surveys
from engage import access, labels
from engage.answering import services as answering
from engage.answering.counts import response_counts
from engage.answering.fragments import page_questions_html
from engage.consultations import bp, documents, feedback, services
from engage.consultations.forms import ConfirmForm, FeedbackForm, StatusForm, UploadForm
from engage.consultations.preview import page_notes, question_note
from engage.extensions import db
from engage.forms import TranslatedForm, csrf_failed, form_errors, stale_button_message
from engage.i18n import LANGUAGES, current_language, left_to_right
from engage.models import Status
from engage.models.base import utcnow


def _may_run_any() -> None:
    if not access.AUDIENCES_RUN_BY.get(current_user.role):
        abort(403)


def _managed(slug):
    consultation = access.find_consultation(slug)
    if consultation is None:
        abort(404)
    if not access.may_run(current_user, consultation.audience):
        abort(403)
    return consultation


@bp.get("/consultations/")
@login_required
def index():
    _may_run_any()
    consultations = access.consultations_run_by(current_user)
    counts = response_counts(consultations, current_app.config["MIN_GROUP_SIZE"])
    return render_template("consultations/index.html", consultations=consultations, counts=counts,
                           today=utcnow().date())


@bp.route("/consultation-documents", methods=["GET", "POST"])
@login_required
def upload():
    _may_run_any()
    try:
        form = UploadForm()
    except RequestEntityTooLarge:
        limit = current_app.config["MAX_CONTENT_LENGTH"] // 2**20
        return _upload_page(UploadForm(formdata=None), [(_("The files are too big: together they must be smaller "
                                                             "than %(n)d MB", n=limit), "#document")])
    if not form.is_submitted():
        return _upload_page(form, [])
    if not form.validate() and csrf_failed(form):
        return _upload_page(form, [(stale_button_message(), "#document")])
    document, errors, problems, warnings = _read_upload(form)
    if document is None or errors or problems:
        return _upload_page(form, errors, problems)
    try:
        preview = services.preview_import(document)
    except services.DocumentError as error:
        return _upload_page(form, [], error.errors)
    finally:
        db.session.rollback()
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    form = ConfirmForm(formdata=None, data={"document": text})
    return render_template("consultations/check.html", preview=preview, form=form, warnings=warnings)


@bp.post("/consultation-documents/confirm")
@login_required
def confirm():
    _may_run_any()
    form = ConfirmForm()
    if not form.validate() and csrf_failed(form):
        return _upload_page(UploadForm(formdata=None), [(stale_button_message(), "#document")])
    try:  # read as an uploaded file is, so a changed one cannot hold what the check refused
        document = documents.parse_document((form.document.data or "").encode(), "checked.json")
    except documents.DocumentFileError:
        return _upload_page(UploadForm(formdata=None), [(_("The checked document did not come back. Choose it "
                                                           "again"), "#document")])
    if refusal := _refusal(document):
        return _upload_page(UploadForm(formdata=None), [(refusal, "#document")])
    try:
        result = services.import_consultation(document, actor=current_user)
    except services.DocumentError as error:
        db.session.rollback()
        return _upload_page(UploadForm(formdata=None), [], error.errors)
    db.session.commit()
    if result.created:
        flash(_("The consultation was stored as a draft with survey version 1. Nobody can answer it until you "
                "open it."))
    elif result.new_version:
        flash(_("The changes were stored. Survey version %(n)d is now the one people answer; anyone who had "
                "already started keeps the version they started.", n=result.new_version))
    else:
        flash(_("The changes were stored."))
    return redirect(url_for(".manage", slug=result.consultation.slug))


@bp.get("/consultations/<slug>/")
@login_required
def manage(slug):
    return _manage_page(_managed(slug), StatusForm(formdata=None), [])


@bp.post("/consultations/<slug>/status")
@login_required
def change_status(slug):
    consultation = _managed(slug)
    form = StatusForm()
    if not form.validate() and csrf_failed(form):
        return _manage_page(consultation, form, [(stale_button_message(), "#actions")])
    try:
        status = Status(form.status.data)
        services.change_status(consultation, status, actor=current_user)
    except ValueError as error:
        db.session.rollback()
        if isinstance(error, services.StatusError) and error.reason == "no_feedback":
            message = _("Add the feedback (we asked, you said, we did) to the consultation's document and upload "
                        "it before you publish")
        else:
            message = _("The consultation is %(status)s, so it cannot be moved there",
                        status=labels.STATUS_NAMES[consultation.status])
        return _manage_page(consultation, form, [(message, "#actions")])
    db.session.commit()
    flash({Status.OPEN: _("The consultation is open."), Status.CLOSED: _("The consultation is closed."),
           Status.FEEDBACK_PUBLISHED: _("The feedback is published.")}[status])
    return redirect(url_for(".manage", slug=slug))


@bp.route("/consultations/<slug>/feedback", methods=["GET", "POST"])
@login_required
def edit_feedback(slug):
    """The feedback's English; "Start from agreed themes" adds a You said draft to the form, saving nothing."""
    consultation = _managed(slug)
    if request.method == "GET":
        return _feedback_page(consultation, FeedbackForm(formdata=None, data=feedback.english(consultation)))
    form = FeedbackForm()
    valid = form.validate()
    if csrf_failed(form):
        return _feedback_page(consultation, form, [(stale_button_message(), "#we_asked")], status=400)
    if request.form.get("action") == "draft":
        for field in form:
            field.errors = []
        draft = feedback.you_said_draft(consultation, current_app.config["MIN_GROUP_SIZE"])
        if draft is None:
            return _feedback_page(consultation, form, notice=_(
                "There are no agreed themes to start from yet. Analysts agree themes in the analysis workspace; "
                "a staff survey's themes are used only once it has closed with at least %(n)d responses.",
                n=current_app.config["MIN_GROUP_SIZE"]))
        written = bool(feedback.tidy(form.you_said.data))
        form.you_said.data = feedback.with_draft(form.you_said.data, draft)
        notice = (_("A draft from the agreed themes was added after what you had written in “You said”. Edit it, "
                    "then save.") if written else
                  _("A draft from the agreed themes is in “You said”. Edit it, then save."))
        return _feedback_page(consultation, form, notice=notice)
    if not valid:
        return _feedback_page(consultation, form, form_errors(form, ["we_asked", "you_said", "we_did"]), status=400)
    changed = feedback.save(consultation, {part: form[part].data for part in ("we_asked", "you_said", "we_did")},
                            current_user)
    db.session.commit()
    flash(_("The feedback was saved.") if changed else _("The feedback was not changed."))
    return redirect(url_for(".manage", slug=slug))


def _feedback_page(consultation, form, errors=(), notice=None, status=200):
    page = render_template("consultations/feedback.html", consultation=consultation, form=form, errors=list(errors),
                           notice=notice)
    return page, status


@bp.get("/consultations/<slug>/preview/", defaults={"page_id": None})
@bp.get("/consultations/<slug>/preview/<page_id>")
@login_required
def preview_survey(slug, page_id):
    consultation = _managed(slug)
    version = consultation.current_version
    survey = answering.load_survey(version)
    if page_id is None:
        return redirect(url_for(".preview_survey", slug=slug, page_id=survey.pages[0].id))
    try:
        page = survey.page(page_id)
    except KeyError:
        abort(404)
    lang = current_language().code
    form = surveys.build_page_form(page.questions, lang, base=TranslatedForm)
    rendered = page_questions_html(page.questions, form, version_key=answering.version_key(version), lang=lang)
    notes = page_notes(survey, page, lang) + [
        note for question in page.questions if (note := question_note(survey, question, lang))]
    index = survey.page_index(page.id)
    neighbours = [survey.pages[i].id if 0 <= i < len(survey.pages) else None for i in (index - 1, index + 1)]
    return render_template("consultations/preview.html", consultation=consultation, version=version, page=page,
                           single=len(page.questions) == 1, question_html=rendered, notes=notes, position=index + 1,
                           total=len(survey.pages), previous_id=neighbours[0], next_id=neighbours[1])


@bp.get("/consultations/<slug>/document.<any(json, yaml):kind>")
@login_required
def download(slug, kind):
    consultation = _managed(slug)
    text = documents.dump_document(services.export_consultation(consultation), yaml=kind == "yaml")
    return current_app.response_class(
        text, mimetype="application/yaml" if kind == "yaml" else "application/json",
        headers={"Content-Disposition": f'attachment; filename="{consultation.slug}.{kind}"'},
    )


def _read_upload(form):
    """The uploaded document (survey from the workbook when it names one), refusals, the document's problems,
    and the workbook's warnings."""
    if not form.document.data or not form.document.data.filename:
        return None, [(_("Choose the consultation document"), "#document")], [], []
    try:
        document = documents.parse_document(form.document.data.read(), form.document.data.filename)
    except documents.DocumentFileError as error:
        message = _file_error_message(error)
        return None, [(message, "#document")], [], []
    if refusal := _refusal(document):
        return None, [(refusal, "#document")], [], []
    workbook = form.workbook.data
    supplied = workbook.read() if workbook and workbook.filename else None
    try:
        document, warnings = services.with_workbook_survey(document, lambda name: supplied)
    except services.MissingWorkbook as error:
        return None, [(_("The document's survey is in the workbook “%(name)s”. Choose that workbook too",
                         name=error.name), "#workbook")], [], []
    except services.DocumentError as error:
        return None, [], error.errors, []
    return document, [], [], warnings


def _file_error_message(error: documents.DocumentFileError) -> str:
    """Why the file is not a document, in the officer's language, with where it goes wrong."""
    line = error.line
    if error.reason == "encoding":
        return _("The document is not UTF-8 text. Save it as UTF-8 and choose it again")
    if error.reason == "empty":
        return _("The document is empty. Choose the file with the consultation in it")
    if error.reason == "deep":
        return _("The document has lists or mappings nested more than %(n)d deep. Correct it and choose it again",
                 n=documents.MAX_DEPTH)
    if error.reason == "alias":
        return _("Line %(line)d of the document uses a YAML anchor (&) or alias (*). Write the text out in full "
                 "instead and choose it again", line=line)
    if error.reason == "date":
        return _("Line %(line)d of the document: %(field)s is %(date)s, which is not a real date. Correct it and "
                 "choose it again", line=line, field=left_to_right(error.field), date=left_to_right(error.detail))
    if error.reason == "key":
        return _("Line %(line)d of the document: the name %(name)s is not text. Correct it and choose it again",
                 line=line, name=left_to_right(error.detail))
    if error.reason == "number":
        return _("Line %(line)d of the document: the number %(number)s is too big. Correct it and choose it again",
                 line=line, number=left_to_right(error.detail))
    if error.reason == "value":
        return _("Line %(line)d of the document: %(value)s cannot be in a document, only text, numbers, true, "
                 "false, lists and mappings. Correct it and choose it again", line=line,
                 value=left_to_right(error.detail))
    if error.reason == "character":
        return _("The document has a character that cannot be stored (NUL, or half of a surrogate pair) in "
                 "%(field)s. Remove it and choose it again", field=left_to_right(error.field))
    if error.reason == "yaml":
        return _("The document is not valid YAML (line %(line)d, column %(column)d). Correct it and choose it "
                 "again", line=line, column=error.column)
    return _("The document is not valid JSON (line %(line)d, column %(column)d). Correct it and choose it again",
             line=line, column=error.column)


def _refusal(document) -> str | None:
    """Why this user may not import ``document``, if their role does not run its consultation's audience."""
    audiences = [services.document_audience(document)]
    meta = document.get("consultation") if isinstance(document, dict) else None
    existing = access.find_consultation(meta.get("slug")) if isinstance(meta, dict) and isinstance(
        meta.get("slug"), str) else None
    if existing is not None:
        audiences.append(existing.audience)
    for audience in audiences:
        if audience is not None and not access.may_run(current_user, audience):
            return _("Your role does not run consultations for this audience: %(audience)s",
                     audience=labels.AUDIENCE_NAMES[audience])
    return None


def _upload_page(form, errors, problems=()):
    if problems:
        errors = [*errors, (_("The document was not stored. Correct the problems listed below and choose it "
                              "again"), "#problems")]
    status = 400 if errors else 200
    return render_template("consultations/upload.html", form=form, errors=errors, problems=problems), status


def _manage_page(consultation, form, errors):
    today = utcnow().date()
    counts = response_counts([consultation], current_app.config["MIN_GROUP_SIZE"])
    languages = answering.load_survey(consultation.current_version).languages
    page = render_template("consultations/manage.html", consultation=consultation, form=form, errors=errors,
                           today=today, count=counts[consultation.id], history=services.history(consultation),
                           survey_languages=[LANGUAGES[code] for code in languages if code in LANGUAGES],
                           next_statuses=services.NEXT_STATUSES[consultation.status])
    return page, (400 if errors else 200)
