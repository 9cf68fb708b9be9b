"""Staff pages of a case: the list, a new case, its overview, details, staff list, representatives, checklist,
officers, audit trail and closing."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms.fields.choices import SelectChoice

from engage import case_reporting
from engage.cases import bp, services
from engage.cases.forms import (
    CASE_TYPE_NAMES,
    ITEM_NAMES,
    KIND_NAMES,
    ChecklistForm,
    CloseForm,
    DetailsForm,
    NewCaseForm,
    OfficersForm,
    RepresentativeForm,
    StaffListForm,
)
from engage.cases.staff_list import StaffListFileError, read_staff_list
from engage.extensions import db
from engage.forms import form_errors
from engage.models import CaseType, InformationItem, RepresentativeKind, Role

CLOSED = "closed"


def closed_message() -> str:
    return _("This case is closed, so nothing in it can be changed")


def find_visible(slug):
    case = services.find_case(slug)
    if case is None:
        abort(404)
    if not services.may_see(current_user, case):
        abort(403)
    return case


def form_page(case, form, names, heading, button, errors=None, **extra):
    errors = errors if errors is not None else form_errors(form, names)
    return render_template("cases/form.html", case=case, form=form, names=names, heading=heading, button=button,
                           errors=errors, **extra)


@bp.get("/")
@login_required
def index():
    if not services.may_list(current_user):
        abort(403)
    return render_template("cases/index.html", cases=services.cases_for(current_user),
                           may_create=services.may_create(current_user), type_names=CASE_TYPE_NAMES)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not services.may_create(current_user):
        abort(403)
    form = NewCaseForm()
    names = ["title", "slug", "case_type"]
    if not form.validate_on_submit():
        return form_page(None, form, names, _("Start a staff change case"), _("Start the case"),
                         errors=form_errors(form, names) if form.is_submitted() else [])
    try:
        case = services.create_case(form.slug.data.strip(), form.title.data.strip(), CaseType(form.case_type.data),
                                    current_user)
    except services.CaseError:
        db.session.rollback()
        return form_page(None, form, names, _("Start a staff change case"), _("Start the case"),
                         errors=[(_("Use lower-case letters, numbers and single hyphens, and a short name no other "
                                    "case has"), "#slug")])
    db.session.commit()
    flash(_("The case was started. Add its proposal, staff list and representatives."))
    return redirect(url_for(".case", slug=case.slug))


@bp.get("/<slug>/")
@login_required
def case(slug):
    case = find_visible(slug)
    return render_template("cases/case.html", case=case, details=services.details(case),
                           period=services.period(case), checklist=services.checklist(case),
                           groups=services.headcounts(case), closed=services.is_closed(case),
                           rates=case_reporting.response_rates(case, case_reporting.case_minimum(
                               case, current_app.config["MIN_GROUP_SIZE"])),
                           type_names=CASE_TYPE_NAMES, item_names=ITEM_NAMES, kind_names=KIND_NAMES)


def _survey_choices(case):
    return [SelectChoice("", _("No staff survey yet"))] + [SelectChoice(str(c.id), c.slug)
                                                           for c in services.free_staff_surveys(case)]


@bp.route("/<slug>/details", methods=["GET", "POST"])
@login_required
def edit_details(slug):
    case = find_visible(slug)
    info = services.details(case)
    form = DetailsForm(data={
        "title": case.title, "case_type": case.case_type.value, "proposal": info.proposal, "reasons": info.reasons,
        "establishment": info.establishment, "proposed_dismissals": info.proposed_dismissals,
        "planned_decision_on": info.planned_decision_on, "first_dismissal_on": info.first_dismissal_on,
        "hr1_sent_on": info.hr1_sent_on, "consultation_id": str(case.consultation_id or "")})
    form.consultation_id.choices = _survey_choices(case)
    names = ["title", "case_type", "proposal", "reasons", "establishment", "proposed_dismissals",
             "planned_decision_on", "first_dismissal_on", "hr1_sent_on", "consultation_id"]
    heading, button = _("The proposal"), _("Save the proposal")
    if not form.validate_on_submit():
        return form_page(case, form, names, heading, button,
                         errors=form_errors(form, names) if form.is_submitted() else [])
    try:
        services.update_details(
            case, current_user, title=form.title.data.strip(), case_type=CaseType(form.case_type.data),
            proposal=form.proposal.data.strip(), reasons=form.reasons.data.strip(),
            establishment=form.establishment.data.strip(), proposed_dismissals=form.proposed_dismissals.data,
            planned_decision_on=form.planned_decision_on.data, first_dismissal_on=form.first_dismissal_on.data,
            hr1_sent_on=form.hr1_sent_on.data,
            consultation_id=int(form.consultation_id.data) if form.consultation_id.data else None)
    except services.CaseError as error:
        db.session.rollback()
        message = closed_message() if error.reason == CLOSED else _("Choose a staff survey no other case uses")
        return form_page(case, form, names, heading, button,
                         errors=[(message, "#title" if error.reason == CLOSED else "#consultation_id")])
    db.session.commit()
    flash(_("The proposal was saved."))
    return redirect(url_for(".case", slug=slug))


@bp.route("/<slug>/staff-list", methods=["GET", "POST"])
@login_required
def staff_list(slug):
    case = find_visible(slug)

    def page(form, errors=(), problems=()):
        return render_template("cases/staff_list.html", case=case, form=form, errors=list(errors),
                               problems=list(problems), groups=services.headcounts(case))

    try:
        form = StaffListForm()
    except RequestEntityTooLarge:
        return page(StaffListForm(formdata=None), [(_("The file is too big: it must be smaller than 10 MB"),
                                                    "#staff_list")])
    if not form.is_submitted():
        return page(form)
    if not form.validate():
        return page(form, form_errors(form, ["staff_list"]))
    upload = form.staff_list.data
    if not upload or not upload.filename:
        return page(form, [(_("Choose the staff list file"), "#staff_list")])
    try:
        checked = read_staff_list(upload.read(), upload.filename)
    except StaffListFileError as error:
        return page(form, [(str(error), "#staff_list")])
    if checked.problems:
        message = _("The staff list has %(n)d problems. Nothing was imported: correct them and choose the file "
                    "again", n=len(checked.problems))
        return page(form, [(message, "#problems")], checked.problems)
    try:
        added, updated, removed = services.import_staff(case, current_user, checked.rows)
    except services.CaseError:
        db.session.rollback()
        return page(form, [(closed_message(), "#staff_list")])
    db.session.commit()
    flash(_("The staff list was imported: %(rows)d people (%(added)d added, %(updated)d changed, %(removed)d "
            "removed).", rows=len(checked.rows), added=added, updated=updated, removed=removed))
    return redirect(url_for(".staff_list", slug=slug))


@bp.route("/<slug>/representatives", methods=["GET", "POST"])
@login_required
def representatives(slug):
    case = find_visible(slug)
    form = RepresentativeForm()
    names = ["name", "kind", "body", "received_on"]

    def page(errors):
        return render_template("cases/representatives.html", case=case, form=form, names=names, errors=errors,
                               kind_names=KIND_NAMES)

    if not form.validate_on_submit():
        return page(form_errors(form, names) if form.is_submitted() else [])
    try:
        services.add_representative(case, current_user, form.name.data.strip(),
                                    RepresentativeKind(form.kind.data), (form.body.data or "").strip(),
                                    form.received_on.data)
    except services.CaseError:
        db.session.rollback()
        return page([(closed_message(), "#name")])
    db.session.commit()
    flash(_("The representative was added."))
    return redirect(url_for(".representatives", slug=slug))


@bp.route("/<slug>/information", methods=["GET", "POST"])
@login_required
def information(slug):
    case = find_visible(slug)
    form = ChecklistForm(data={item.value: day for item, day in services.checklist(case).items()})
    names = [item.value for item in InformationItem]
    heading, button = _("Information given to representatives"), _("Save the dates")
    intro = [_("Enter the day each part of the written information was given to the representatives. Leave a "
               "date empty until it has been given.")]
    if not form.validate_on_submit():
        return form_page(case, form, names, heading, button, intro=intro,
                         errors=form_errors(form, names) if form.is_submitted() else [])
    try:
        services.record_information(case, current_user, {item: form[item.value].data for item in InformationItem})
    except services.CaseError:
        db.session.rollback()
        return form_page(case, form, names, heading, button, intro=intro, errors=[(closed_message(), "#reasons")])
    db.session.commit()
    flash(_("The dates were saved."))
    return redirect(url_for(".case", slug=slug))


@bp.route("/<slug>/officers", methods=["GET", "POST"])
@login_required
def officers(slug):
    case = find_visible(slug)
    if current_user.role is not Role.ADMINISTRATOR:
        abort(403)
    form = OfficersForm(data={"officers": [officer.user_id for officer in case.officers]})
    form.officers.choices = [SelectChoice(user.id, f"{user.name} ({user.email})")
                             for user in services.assignable_users()]
    if not form.validate_on_submit():
        return form_page(case, form, ["officers"], _("Who is assigned"), _("Save who is assigned"),
                         errors=form_errors(form, ["officers"]) if form.is_submitted() else [])
    services.set_officers(case, current_user, set(form.officers.data or []))
    db.session.commit()
    flash(_("Who is assigned was saved."))
    return redirect(url_for(".case", slug=slug))


@bp.get("/<slug>/audit")
@login_required
def audit(slug):
    case = find_visible(slug)
    return render_template("cases/audit.html", case=case, events=services.audit_trail(case))


@bp.route("/<slug>/close", methods=["GET", "POST"])
@login_required
def close(slug):
    case = find_visible(slug)
    form = CloseForm()
    heading, button = _("Close the case"), _("Close the case")
    intro = [_("Write what changed because of the consultation: it goes in the outcome report. Once the case is "
               "closed, nothing in it can be changed.")]
    if not form.validate_on_submit():
        errors = form_errors(form, ["outcome"]) if form.is_submitted() else []
        return form_page(case, form, ["outcome"], heading, button, intro=intro, errors=errors)
    try:
        services.close_case(case, current_user, form.outcome.data.strip())
    except services.CaseError:
        db.session.rollback()
        return form_page(case, form, ["outcome"], heading, button, intro=intro,
                         errors=[(closed_message(), "#outcome")])
    db.session.commit()
    flash(_("The case is closed."))
    return redirect(url_for(".case", slug=slug))
