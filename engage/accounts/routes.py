from flask import current_app, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from engage import throttle
from engage.accounts import bp, services
from engage.accounts.forms import LoginForm
from engage.consultations.services import AUDIENCES_RUN_BY
from engage.entry import services as entry_services
from engage.extensions import db, login_manager
from engage.models import User
from engage.models.base import utcnow


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.is_active else None


def _too_many_sign_ins():
    form = LoginForm()  # the email stays; the password is never shown again
    form.email.errors = [throttle.wait_message()]
    page = render_template("accounts/login.html", form=form, errors=[(form.email.errors[0], "#email")])
    return make_response(page, 429)


@bp.route("/sign-in", methods=["GET", "POST"])
def login():
    form = LoginForm()
    errors = []
    if form.validate_on_submit():
        counters = throttle.sign_in_counters(form.email.data)
        if throttle.refused(counters):
            return _too_many_sign_ins()
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(url_for("accounts.home"))
        throttle.count_failure(counters)
        errors.append((_("Enter a correct email address and password"), "#email"))
    for name in ("email", "password"):
        errors += [(message, "#" + name) for message in form[name].errors]
    return render_template("accounts/login.html", form=form, errors=errors), (400 if errors else 200)


@bp.post("/sign-out")
@login_required
def logout():
    logout_user()
    return redirect(url_for("public.index"))


@bp.get("/")
@login_required
def home():
    today = utcnow().date()
    consultations = entry_services.consultations_for_entry(current_user, today)
    counts = entry_services.response_counts(consultations, current_app.config["MIN_GROUP_SIZE"])
    return render_template("accounts/home.html", user=current_user, consultations=consultations, counts=counts,
                           today=today, runs_consultations=bool(AUDIENCES_RUN_BY.get(current_user.role)))
