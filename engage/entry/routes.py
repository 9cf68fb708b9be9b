"""Routes for staff entering paper, phone and assisted responses."""

from flask import abort, redirect, render_template, session, url_for
from flask_login import current_user, login_required

import surveys
from engage.answering import entry as services
from engage.answering import services as answering
from engage.entry import bp
from engage.entry.forms import CHANNEL_LABELS, EntryForm
from engage.extensions import db
from engage.forms import form_errors
from engage.i18n import current_language
from engage.models import Channel
from engage.models.base import utcnow


def _consultation_for(slug):
    """The consultation, if it exists, is published and this user may enter responses for it."""
    try:
        consultation = answering.published_consultation(slug)
    except answering.NotPublished:
        abort(404)
    if consultation is None:
        abort(404)
    if not services.may_enter_responses(current_user, consultation):
        abort(403)
    return consultation


@bp.route("/<slug>/enter-response", methods=["GET", "POST"])
@login_required
def enter_response(slug):
    consultation = _consultation_for(slug)
    if not consultation.accepts_entered_responses(utcnow().date()):
        return render_template("public/not_open.html", consultation=consultation, today=utcnow().date()), 410
    form = EntryForm(data={"language": current_language().code})
    if form.validate_on_submit():
        draft = services.start_entry(consultation, form.language.data, Channel(form.channel.data), current_user)
        db.session.commit()
        # The entry replaces any unfinished answers this browser had for the consultation.
        session.setdefault("drafts", {})[slug] = draft.token
        session.get("submitted", {}).pop(slug, None)
        session.modified = True
        survey = answering.load_survey(draft.survey_version)
        return redirect(url_for("public.question_page", slug=slug, page_id=surveys.first_page(survey, {})))
    errors = form_errors(form, ["channel", "language"])
    return render_template("entry/enter_response.html", consultation=consultation, form=form, errors=errors,
                           channels=CHANNEL_LABELS), (400 if errors else 200)


@bp.get("/<slug>/entered")
@login_required
def entered(slug):
    consultation = _consultation_for(slug)
    reference = session.get("submitted", {}).get(slug)
    if reference is None:
        return redirect(url_for(".enter_response", slug=slug))
    return render_template("entry/entered.html", consultation=consultation, reference=reference)
