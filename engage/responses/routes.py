"""Administrators find a response by its reference to show, download or erase it; the audit trail of all three."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.answering.ui_text import question_ui_text
from engage.extensions import db
from engage.forms import csrf_failed, form_errors
from engage.i18n import LANGUAGES, current_language
from engage.models import AuditAction, Role
from engage.responses import bp, services
from engage.responses.forms import MAX_REASON_LENGTH, EraseForm, FindForm

DOWNLOADS = {
    "csv": ("text/csv", services.as_csv, AuditAction.DOWNLOADED_CSV),
    "json": ("application/json", services.as_json, AuditAction.DOWNLOADED_JSON),
}


@bp.before_request
@login_required
def _administrators_only():
    if current_user.role is not Role.ADMINISTRATOR:
        abort(403)


def _problem_message(reason: str) -> str:
    if reason == "malformed":
        return _("Enter a reference number in the right format: 8 letters and numbers, for example ABCD-EF23")
    if reason == "staff":
        return _("This reference number is from a staff survey. Staff survey answers are anonymous, so they cannot "
                 "be found, shown or erased one by one.")
    return _("There is no response with this reference number. Check it: it may have been erased, or its "
             "consultation's retention period may have ended, after which answers are anonymised.")


def _find_page(form: FindForm, status: int = 200):
    errors = [(form.reference.errors[0], "#reference")] if form.reference.errors else []
    return render_template("responses/find.html", form=form, errors=errors), status


def _response_or_find_page(reference: str):
    """(response, None), or (None, the find page with the reason none can be shown and the reference kept)."""
    try:
        return services.find_response(reference), None
    except services.ReferenceProblem as problem:
        form = FindForm(formdata=None, data={"reference": reference})
        form.reference.errors = [_problem_message(problem.reason)]
        return None, _find_page(form, 404 if problem.reason == "unknown" else 400)


@bp.get("/")
def find():
    if "reference" not in request.args:
        return _find_page(FindForm(formdata=None))
    form = FindForm(request.args)
    if not form.validate():
        return _find_page(form, 400)
    response, page = _response_or_find_page(form.reference.data)
    if response is None:
        return page
    return redirect(url_for(".show", reference=response.reference))


@bp.get("/<reference>")
def show(reference):
    response, page = _response_or_find_page(reference)
    if response is None:
        return page
    services.record(current_user, AuditAction.VIEWED, response)
    lang = current_language().code
    html = render_template("responses/show.html", response=response,
                           consultation=response.survey_version.consultation,
                           rows=services.answer_rows(response, lang, _), languages=LANGUAGES)
    db.session.commit()
    return html


@bp.get("/<reference>.<any(csv, json):kind>")
def download(reference, kind):
    response, page = _response_or_find_page(reference)
    if response is None:
        return page
    mimetype, render, action = DOWNLOADS[kind]
    body = render(response)
    services.record(current_user, action, response)
    filename = f"response-{response.reference}.{kind}"
    db.session.commit()
    return current_app.response_class(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",  # answers are not kept in shared or browser caches
    })


@bp.route("/<reference>/erase", methods=["GET", "POST"])
def erase(reference):
    response, page = _response_or_find_page(reference)
    if response is None:
        return page
    form = EraseForm()
    if form.validate_on_submit():
        erased = response.reference
        services.erase(response, current_user, form.reason.data)
        db.session.commit()
        flash(_("Response %(reference)s is erased. The audit trail records that you erased it, and why.",
                reference=erased))
        return redirect(url_for(".find"))
    errors = form_errors(form, ["reason"]) if request.method == "POST" else []
    if csrf_failed(form):
        errors[0] = (errors[0][0], "#erase")
    return render_template("responses/erase.html", response=response, form=form, errors=errors,
                           max_reason=MAX_REASON_LENGTH, t=question_ui_text(),
                           consultation=response.survey_version.consultation), (
        400 if errors else 200)


@bp.get("/audit")
def audit():
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
    events, pages = services.audit_trail(page)
    if page > pages:
        abort(404)
    return render_template("responses/audit.html", events=events, page=page, pages=pages)
