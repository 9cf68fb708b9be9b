"""Staff pages for a case's records: meetings (with attachments) and counter-proposals with their replies."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from engage.cases import bp, services
from engage.cases.attachments import MAX_BYTES, AttachmentError, check_attachment
from engage.cases.forms import CounterProposalForm, MeetingForm, ReplyForm
from engage.cases.routes import closed_message, find_visible, form_page
from engage.extensions import db
from engage.forms import form_errors
from engage.models import CaseAttachment, CaseMeeting, CounterProposal

MEETING_FIELDS = ["held_on", "title", "attendees", "notes", "attachments"]


def parse_attendees(text: str) -> tuple[list[dict], str | None]:
    """Lines "role: name" -> [{"role", "name"}], or the first line's problem."""
    attendees = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        role, colon, name = line.partition(":")
        if not colon or not role.strip() or not name.strip():
            return [], _("Line %(n)d of who attended is not “role: name”, for example “Trade union "
                         "representative: Pat Jones”", n=number)
        attendees.append({"role": role.strip()[:200], "name": name.strip()[:200]})
    return attendees, None


def _attachment_message(error: AttachmentError) -> str:
    if error.reason == "size":
        return _("“%(name)s” is bigger than %(n)d MB", name=error.filename, n=MAX_BYTES // 2**20)
    if error.reason == "empty":
        return _("“%(name)s” is empty", name=error.filename)
    if error.reason == "content":
        return _("“%(name)s” is not the kind of file its name says", name=error.filename)
    return _("“%(name)s” is not a PDF, Word (.docx), Excel (.xlsx), PNG or JPEG file", name=error.filename)


@bp.route("/<slug>/meetings/new", methods=["GET", "POST"])
@login_required
def new_meeting(slug):
    case = find_visible(slug)
    heading, button = _("Record a meeting"), _("Save the meeting")
    extra = {"multipart": True, "accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}
    try:
        form = MeetingForm()
    except RequestEntityTooLarge:
        limit = current_app.config["MAX_CONTENT_LENGTH"] // 2**20
        return form_page(case, MeetingForm(formdata=None), MEETING_FIELDS, heading, button, **extra,
                         errors=[(_("The files are too big: together they must be smaller than %(n)d MB", n=limit),
                                  "#attachments")])
    if not form.validate_on_submit():
        errors = form_errors(form, MEETING_FIELDS) if form.is_submitted() else []
        return form_page(case, form, MEETING_FIELDS, heading, button, errors=errors, **extra)
    attendees, problem = parse_attendees(form.attendees.data)
    if problem:
        return form_page(case, form, MEETING_FIELDS, heading, button, errors=[(problem, "#attendees")], **extra)
    files = []
    for upload in form.attachments.data or []:
        if not upload or not upload.filename:
            continue
        try:
            files.append(check_attachment(upload.filename, upload.read()))
        except AttachmentError as error:
            return form_page(case, form, MEETING_FIELDS, heading, button, **extra,
                             errors=[(_attachment_message(error), "#attachments")])
    try:
        meeting = services.add_meeting(case, current_user, form.held_on.data, form.title.data.strip(), attendees,
                                       (form.notes.data or "").strip(), files)
    except services.CaseError:
        db.session.rollback()
        return form_page(case, form, MEETING_FIELDS, heading, button, errors=[(closed_message(), "#held_on")],
                         **extra)
    db.session.commit()
    flash(_("The meeting was recorded."))
    return redirect(url_for(".meeting", slug=slug, meeting_id=meeting.id))


def _meeting(case, meeting_id) -> CaseMeeting:
    meeting = db.session.get(CaseMeeting, meeting_id)
    if meeting is None or meeting.case_id != case.id:
        abort(404)
    return meeting


@bp.get("/<slug>/meetings/<int:meeting_id>")
@login_required
def meeting(slug, meeting_id):
    case = find_visible(slug)
    return render_template("cases/meeting.html", case=case, meeting=_meeting(case, meeting_id))


@bp.get("/<slug>/meetings/<int:meeting_id>/files/<int:file_id>")
@login_required
def attachment(slug, meeting_id, file_id):
    case = find_visible(slug)
    meeting = _meeting(case, meeting_id)
    file = db.session.get(CaseAttachment, file_id)
    if file is None or file.meeting_id != meeting.id:
        abort(404)
    services.record(case, current_user, "attachment_downloaded", meeting=meeting.id, file=file.filename)
    db.session.commit()
    safe_name = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in file.filename)
    return current_app.response_class(file.data, mimetype=file.content_type, headers={
        "Content-Disposition": f'attachment; filename="{safe_name}"'})


@bp.route("/<slug>/counter-proposals/new", methods=["GET", "POST"])
@login_required
def new_counter_proposal(slug):
    case = find_visible(slug)
    form = CounterProposalForm()
    names = ["received_on", "from_whom", "summary"]
    heading, button = _("Record a counter-proposal"), _("Save the counter-proposal")
    if not form.validate_on_submit():
        errors = form_errors(form, names) if form.is_submitted() else []
        return form_page(case, form, names, heading, button, errors=errors)
    try:
        services.add_counter_proposal(case, current_user, form.received_on.data, form.from_whom.data.strip(),
                                      form.summary.data.strip())
    except services.CaseError:
        db.session.rollback()
        return form_page(case, form, names, heading, button, errors=[(closed_message(), "#received_on")])
    db.session.commit()
    flash(_("The counter-proposal was recorded. Write the reply to it when it has been sent."))
    return redirect(url_for(".case", slug=slug) + "#counter-proposals")


@bp.route("/<slug>/counter-proposals/<int:proposal_id>/reply", methods=["GET", "POST"])
@login_required
def reply(slug, proposal_id):
    case = find_visible(slug)
    proposal = db.session.get(CounterProposal, proposal_id)
    if proposal is None or proposal.case_id != case.id:
        abort(404)
    form = ReplyForm(data={"reply": proposal.reply, "replied_on": proposal.replied_on})
    names = ["replied_on", "reply"]
    heading, button = _("Reply to a counter-proposal"), _("Save the reply")
    extra = {"proposal": proposal}
    if not form.validate_on_submit():
        errors = form_errors(form, names) if form.is_submitted() else []
        return form_page(case, form, names, heading, button, errors=errors, **extra)
    try:
        services.reply_to(case, current_user, proposal, form.reply.data.strip(), form.replied_on.data)
    except services.CaseError:
        db.session.rollback()
        return form_page(case, form, names, heading, button, errors=[(closed_message(), "#replied_on")], **extra)
    db.session.commit()
    flash(_("The reply was saved."))
    return redirect(url_for(".case", slug=slug) + "#counter-proposals")
