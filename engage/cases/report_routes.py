"""A case's outcome report, what changed, interim results, and organisations' own minimum group sizes."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage import access, case_reporting, questions_log
from engage.cases import bp, services
from engage.cases.forms import (
    CASE_TYPE_NAMES,
    ITEM_NAMES,
    KIND_NAMES,
    ButtonForm,
    OrganisationMinimumForm,
    OutcomeForm,
)
from engage.cases.routes import closed_message, find_visible, form_page
from engage.extensions import db
from engage.forms import form_errors, stale_button_message
from engage.i18n import current_language
from engage.models import Role


def _minimum(case) -> int:
    return case_reporting.case_minimum(case, current_app.config["MIN_GROUP_SIZE"])


@bp.get("/<slug>/report")
@login_required
def report(slug):
    case = find_visible(slug)
    info = services.details(case)
    minimum = _minimum(case)
    survey = case.consultation
    total = case_reporting.response_total(survey) if survey is not None else 0
    withheld = case_reporting.results_withheld(survey, total, minimum, info.interim_results)
    figures, themes, small_themes = [], [], 0
    if withheld is None:
        figures = case_reporting.survey_figures(survey, current_language().code, _, minimum)
        themes, small_themes = case_reporting.agreed_themes(survey, minimum)
    return render_template("cases/report.html", case=case, details=info, period=services.period(case),
                           checklist=services.checklist(case), groups=services.headcounts(case),
                           rates=case_reporting.response_rates(case, minimum), minimum=minimum, total=total,
                           withheld=withheld, figures=figures, themes=themes, small_themes=small_themes,
                           faq=questions_log.faq(case), type_names=CASE_TYPE_NAMES, item_names=ITEM_NAMES,
                           kind_names=KIND_NAMES)


@bp.route("/<slug>/outcome", methods=["GET", "POST"])
@login_required
def outcome(slug):
    case = find_visible(slug)
    info = services.details(case)
    form = OutcomeForm(data={"outcome": info.outcome})
    heading, button = _("What changed"), _("Save what changed")
    intro = [_("Write what changed because of the consultation, or that nothing did and why. It goes in the outcome "
               "report; you can correct it after the case is closed, and every version is kept in the audit trail.")]
    if not form.validate_on_submit():
        errors = form_errors(form, ["outcome"]) if form.is_submitted() else []
        return form_page(case, form, ["outcome"], heading, button, intro=intro, errors=errors)
    services.write_outcome(case, current_user, form.outcome.data.strip())
    db.session.commit()
    flash(_("What changed was saved."))
    return redirect(url_for(".report", slug=slug, _anchor="outcome"))


@bp.route("/<slug>/interim-results", methods=["GET", "POST"])
@login_required
def interim_results(slug):
    case = find_visible(slug)
    if not access.may_allow_interim_results(current_user):
        abort(403)
    info = services.details(case)
    form = ButtonForm()

    def page(errors=(), status=200):
        return render_template("cases/interim.html", case=case, allowed=info.interim_results, form=form,
                               errors=list(errors), closed=services.is_closed(case)), status

    if not form.is_submitted():
        return page()
    if not form.validate():
        return page([(stale_button_message(), "#interim")], 400)
    try:
        services.set_interim_results(case, current_user, not info.interim_results)
    except services.CaseError:
        db.session.rollback()
        return page([(closed_message(), "#interim")], 409)
    db.session.commit()
    flash(_("Interim results are allowed for this case.") if info.interim_results
          else _("Interim results were withdrawn: the results are shown again only once the survey closes."))
    return redirect(url_for(".case", slug=slug))


@bp.route("/organisations", methods=["GET", "POST"])
@login_required
def organisations():
    if current_user.role is not Role.ADMINISTRATOR:
        abort(403)
    global_minimum = current_app.config["MIN_GROUP_SIZE"]
    form = OrganisationMinimumForm()
    names = ["organisation", "min_group_size"]

    def page(errors=(), status=200):
        return render_template("cases/organisations.html", form=form, errors=list(errors),
                               minimums=case_reporting.organisation_minimums(),
                               organisations=case_reporting.known_organisations(),
                               global_minimum=global_minimum), status

    if not form.is_submitted():
        return page()
    if not form.validate():
        return page(form_errors(form, names), 400)
    try:
        case_reporting.set_organisation_minimum(form.organisation.data, form.min_group_size.data, current_user,
                                                global_minimum)
    except case_reporting.MinimumError as error:
        db.session.rollback()
        field = "organisation" if error.reason == "organisation" else "min_group_size"
        message = {
            "organisation": _("Enter a name of 200 characters or fewer"),
            "number": _("Enter the minimum group size as a whole number, like 15"),
            "low": _("Enter %(n)d or more: no organisation's minimum can be below the partnership's", n=global_minimum),
            "high": _("Enter %(n)d or fewer", n=case_reporting.LARGEST_MINIMUM),
        }[error.reason]
        form[field].errors = [message]
        return page([(message, "#" + field)], 400)
    db.session.commit()
    flash(_("The minimum group size of %(organisation)s was saved.", organisation=form.organisation.data.strip()))
    return redirect(url_for(".organisations"))
