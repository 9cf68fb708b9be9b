"""The page where each signed-in staff member creates and revokes their API tokens."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.api import bp, services
from engage.api.forms import NewTokenForm, RevokeForm
from engage.extensions import db
from engage.forms import form_errors


@bp.route("/staff/api-tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = NewTokenForm()
    if form.validate_on_submit():
        token, secret = services.create_token(current_user, form.name.data)
        db.session.commit()
        # Shown on this response only (never stored, never in a redirect or the session); no-store keeps it
        # out of caches and the Back button.
        return render_template("api/tokens.html", form=NewTokenForm(formdata=None), errors=[], created=token,
                               secret=secret, tokens=services.tokens_of(current_user), revoke_form=RevokeForm())
    errors = form_errors(form, ["name"])
    return render_template("api/tokens.html", form=form, errors=errors, created=None, secret=None,
                           tokens=services.tokens_of(current_user), revoke_form=RevokeForm()), (400 if errors else 200)


@bp.post("/staff/api-tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id):
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("The page was out of date, so nothing was changed. Press the button again."))
        return redirect(url_for(".tokens"))
    token = services.revoke(current_user, token_id)
    if token is None:
        abort(404)
    db.session.commit()
    flash(_("The token “%(name)s” is revoked: programs using it can no longer read anything.", name=token.name))
    return redirect(url_for(".tokens"))
