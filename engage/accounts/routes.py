from flask import abort, current_app, flash, make_response, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from engage import throttle
from engage.access import AUDIENCES_RUN_BY, EXPORTED_BY, REPRESENTATION_SEEN_BY, RESULTS_SEEN_BY, may_see_plan
from engage.accounts import bp, services
from engage.accounts.forms import (
    ROLE_LABELS,
    AccountActionForm,
    AccountForm,
    ChangePasswordForm,
    LoginForm,
    SetPasswordForm,
)
from engage.answering import entry as entry_services
from engage.answering.counts import response_counts
from engage.extensions import csrf, db, login_manager
from engage.forms import csrf_failed, form_errors, stale_button_message
from engage.models import Role, User
from engage.models.base import utcnow


@login_manager.user_loader
def load_user(session_key: str) -> User | None:
    """The signed-in account, unless it was deactivated or its password changed since this session began."""
    user_id, _sep, fingerprint = session_key.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active or fingerprint != user.password_fingerprint:
        return None
    return user


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
            response = redirect(url_for("accounts.home"))
            throttle.trust_this_browser(response, form.email.data)
            return response
        throttle.count_failure(counters)
        errors.append((_("Enter a correct email address and password"), "#email"))
    errors = errors or form_errors(form, ["email", "password"])
    return render_template("accounts/login.html", form=form, errors=errors), (400 if errors else 200)


@bp.post("/sign-out")
@login_required
def logout():
    csrf.protect()  # the blueprint checks tokens in its forms; this button has none of its own
    # Whoever uses this browser next must not see, change or send what this staff member entered.
    entry_services.end_entries(current_user, list(session.get("drafts", {}).values()))
    db.session.commit()
    for key in ("drafts", "submitted", "resume_code"):
        session.pop(key, None)
    logout_user()
    return redirect(url_for("public.index"))


@bp.get("/")
@login_required
def home():
    today = utcnow().date()
    consultations = entry_services.consultations_for_entry(current_user, today)
    counts = response_counts(consultations, current_app.config["MIN_GROUP_SIZE"])
    return render_template("accounts/home.html", user=current_user, consultations=consultations, counts=counts,
                           today=today, runs_consultations=bool(AUDIENCES_RUN_BY.get(current_user.role)),
                           exports_answers=bool(EXPORTED_BY.get(current_user.role)),
                           compares_with_census=bool(REPRESENTATION_SEEN_BY.get(current_user.role)),
                           reads_plan=may_see_plan(current_user),
                           sees_results=bool(RESULTS_SEEN_BY.get(current_user.role)))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    errors = []
    if form.validate_on_submit():
        counters = throttle.sign_in_counters(current_user.email)
        if throttle.refused(counters):
            errors = [(throttle.wait_message(), "#current_password")]
        elif not current_user.check_password(form.current_password.data):
            throttle.count_failure(counters)
            errors = [(_("Your current password is not right"), "#current_password")]
        else:
            services.change_password(current_user, form.new_password.data)
            db.session.commit()
            login_user(current_user)  # this session goes on; every other one is signed out
            flash(_("Your password has been changed. Any other browser you were signed in on is now signed out."))
            return redirect(url_for(".home"))
    errors = errors or form_errors(form, ["current_password", "new_password", "confirm"])
    return render_template("accounts/change_password.html", form=form, errors=errors), (400 if errors else 200)


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token):
    user = services.user_for_token(token)
    if user is None:
        return render_template("accounts/link_expired.html", link_hours=services.SET_PASSWORD_HOURS), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        services.change_password(user, form.new_password.data)
        db.session.commit()
        logout_user()
        flash(_("Your password is set. Sign in with your email address and your new password."))
        return redirect(url_for(".login"))
    errors = form_errors(form, ["new_password", "confirm"])
    return render_template("accounts/set_password.html", form=form, errors=errors, user=user), (400 if errors else 200)


def _administrator_only():
    if current_user.role is not Role.ADMINISTRATOR:
        abort(403)


@bp.get("/accounts/")
@login_required
def accounts():
    _administrator_only()
    return render_template("accounts/accounts.html", accounts=services.accounts(), roles=ROLE_LABELS)


@bp.route("/accounts/new", methods=["GET", "POST"])
@login_required
def new_account():
    _administrator_only()
    form = AccountForm()
    errors = []
    if form.validate_on_submit():
        if services.find_by_email(form.email.data) is not None:
            errors = [(_("There is already an account for this email address"), "#email")]
        else:
            user = services.add_account(form.email.data, form.name.data, form.role.data)
            db.session.commit()
            session["set_password_link"] = [user.id, services.set_password_token(user)]
            return redirect(url_for(".account", user_id=user.id))
    errors = errors or form_errors(form, ["name", "email", "role"])
    return render_template("accounts/new_account.html", form=form, errors=errors, roles=ROLE_LABELS), (
        400 if errors else 200)


# max: a larger number is no account, and PostgreSQL would refuse it as out of range for an integer column.
@bp.route("/accounts/<int(max=2147483647):user_id>", methods=["GET", "POST"])
@login_required
def account(user_id):
    _administrator_only()
    user = db.session.get(User, user_id) or abort(404)
    form = AccountActionForm(data={"role": user.role.value})
    errors = []
    if form.validate_on_submit():
        action = form.action.data
        if user.id == current_user.id and action in ("role", "deactivate", "reset"):
            errors = [(_("You cannot change your own role, deactivate or reset your own account. Ask another "
                         "administrator."), "#actions")]
        elif action == "role" and form.role.data in {role.value for role in Role}:
            user.role = Role(form.role.data)
            db.session.commit()
            flash(_("Their role is now: %(role)s", role=ROLE_LABELS[user.role]))
            return redirect(url_for(".account", user_id=user.id))
        elif action in ("deactivate", "reactivate"):
            user.is_active = action == "reactivate"
            db.session.commit()
            flash(_("The account is active again.") if user.is_active else
                  _("The account is deactivated: it cannot sign in, and anyone signed in with it is signed out."))
            return redirect(url_for(".account", user_id=user.id))
        elif action == "reset":
            services.reset_password(user)
            db.session.commit()
            session["set_password_link"] = [user.id, services.set_password_token(user)]
            return redirect(url_for(".account", user_id=user.id))
        else:
            errors = [(_("Choose a role"), "#role")]
    elif csrf_failed(form):
        errors = [(stale_button_message(), "#actions")]
    link = None
    pending = session.get("set_password_link")
    if pending and pending[0] == user.id:
        session.pop("set_password_link")
        link = url_for(".set_password", token=pending[1], _external=True)
    return render_template("accounts/account.html", account=user, form=form, errors=errors, link=link,
                           roles=ROLE_LABELS, link_hours=services.SET_PASSWORD_HOURS), (400 if errors else 200)
