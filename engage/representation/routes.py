"""Who is not being heard: the consultations to choose from, and each one's respondents against the census."""

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from analysis.representation import VARIABLES
from engage import access
from engage.representation import bp, services

HEADINGS = {
    "age": _l("Age"), "sex": _l("Sex"), "ethnic_group": _l("Ethnic group"), "disability": _l("Disability"),
    "unpaid_care": _l("Unpaid care"), "religion": _l("Religion"), "neighbourhood": _l("Neighbourhood"),
}


def _labels() -> dict[str, dict]:
    """Per variable, its categories' names: the equality questions' own wording where they have one."""
    labels = dict(services.library_labels())
    labels["disability"] = {
        "limited_a_lot": _("Condition limits day-to-day activities a lot"),
        "limited_a_little": _("Condition limits day-to-day activities a little"),
        "not_limited": _("Condition does not limit day-to-day activities"),
        "no_condition": _("No long-term condition"),
    }
    labels["neighbourhood"] = {"North": _("North"), "Central": _("Central"), "South": _("South"), "West": _("West")}
    return labels


@bp.before_request
@login_required
def _who_compares():
    if not access.REPRESENTATION_SEEN_BY.get(current_user.role):
        abort(403)


@bp.get("/")
def index():
    return render_template("representation/index.html",
                           consultations=access.representation_consultations(current_user))


@bp.get("/<slug>")
def show(slug):
    consultation = access.find_consultation(slug)
    if consultation is None:
        abort(404)
    if not access.may_see_representation(current_user, consultation):
        abort(403)
    typed = request.args.get("margin")
    margin = services.DEFAULT_MARGIN if typed is None else services.parse_margin(typed)
    minimum = current_app.config["MIN_GROUP_SIZE"]
    errors, profile, charts = [], None, {}
    labels = _labels()
    if margin is None:
        errors = [(_("Enter the margin as a number from 0 to 99, for example 20"), "#margin")]
    else:
        profile = services.profile(consultation, margin, minimum)
        charts = {variable: services.chart(profile.table, variable, labels[variable]) for variable in VARIABLES}
    return render_template("representation/show.html", consultation=consultation, profile=profile, charts=charts,
                           margin=margin, typed=services.DEFAULT_MARGIN if typed is None else typed,
                           errors=errors, minimum=minimum, headings=HEADINGS, labels=labels, variables=VARIABLES,
                           rows_of=services.rows_of), 400 if errors else 200
