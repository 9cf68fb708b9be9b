"""The plan view (what people said, per priority) and administrators' editing of the plan's priorities."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage import access
from engage.extensions import db
from engage.forms import form_errors, stale_button_message
from engage.labels import KIND_HEADINGS
from engage.locality_plan import evidence, priorities
from engage.models import PriorityKind
from engage.plan import bp, services
from engage.plan.forms import KIND_NAMES, ButtonForm, NewPriorityForm, PriorityForm


@bp.before_request
@login_required
def _plan_readers_only():
    if not access.may_see_plan(current_user):
        abort(403)


def _administrators_only():
    if not access.may_edit_plan(current_user):
        abort(403)


def _priority_or_404(priority_id):
    priority = services.get(priority_id)
    if priority is None:
        abort(404)
    return priority


@bp.get("/")
def view():
    return render_template("plan/view.html", plan=priorities(), headings=KIND_HEADINGS,
                           evidence=evidence(current_app.config["MIN_GROUP_SIZE"], current_user),
                           min_group_size=current_app.config["MIN_GROUP_SIZE"],
                           reads_themes=access.may_analyse(current_user),
                           edits=access.may_edit_plan(current_user))


def _manage_page(errors=(), status=200):
    return render_template("plan/manage.html", plan=priorities(with_retired=True), headings=KIND_HEADINGS,
                           form=ButtonForm(), errors=list(errors)), status


@bp.get("/priorities")
def manage():
    _administrators_only()
    return _manage_page()


def _form_page(form, priority=None, errors=(), status=200):
    return render_template("plan/priority.html", form=form, priority=priority, errors=list(errors),
                           kinds=KIND_NAMES), status


def _name_taken(form):
    form.name.errors = [_("There is already a priority of this kind called “%(name)s”", name=form.name.data)]
    return _form_page(form, None, [(form.name.errors[0], "#name")], 400)


@bp.route("/priorities/new", methods=["GET", "POST"])
def add():
    _administrators_only()
    form = NewPriorityForm()
    if form.validate_on_submit():
        try:
            priority = services.add(PriorityKind(form.kind.data), form.name.data, form.description.data or "")
        except services.NameTaken:
            return _name_taken(form)
        db.session.commit()
        flash(_("“%(name)s” is added to the plan.", name=priority.name))
        return redirect(url_for(".manage"))
    errors = form_errors(form, ["kind", "name", "description"]) if request.method == "POST" else []
    return _form_page(form, None, errors, 400 if errors else 200)


@bp.route("/priorities/<int:priority_id>", methods=["GET", "POST"])
def edit(priority_id):
    _administrators_only()
    priority = _priority_or_404(priority_id)
    form = PriorityForm(obj=priority)
    if form.validate_on_submit():
        try:
            services.change(priority, form.name.data, form.description.data or "")
        except services.NameTaken:
            form.name.errors = [_("There is already a priority of this kind called “%(name)s”",
                                  name=form.name.data)]
            return _form_page(form, priority, [(form.name.errors[0], "#name")], 400)
        db.session.commit()
        flash(_("“%(name)s” is saved.", name=priority.name))
        return redirect(url_for(".manage"))
    errors = form_errors(form, ["name", "description"]) if request.method == "POST" else []
    return _form_page(form, priority, errors, 400 if errors else 200)


def _button(priority_id, act):
    """Run ``act(priority)`` for a pressed button, then back to the list (a stale page changes nothing)."""
    _administrators_only()
    priority = _priority_or_404(priority_id)
    if not ButtonForm().validate_on_submit():
        return _manage_page([(stale_button_message(), f"#priority-{priority.id}")], 400)
    flash(act(priority))
    db.session.commit()
    return redirect(url_for(".manage") + f"#priority-{priority.id}")


@bp.post("/priorities/<int:priority_id>/move")
def move(priority_id):
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)

    def act(priority):
        if services.move(priority, -1 if direction == "up" else 1):
            return _("“%(name)s” is moved.", name=priority.name)
        return _("“%(name)s” is not moved: it is already at the end of its list, or retired.", name=priority.name)

    return _button(priority_id, act)


@bp.post("/priorities/<int:priority_id>/retire")
def retire(priority_id):
    def act(priority):
        services.retire(priority)
        return _("“%(name)s” is retired: it is no longer in the plan, and is kept with anything tagged with it.",
                 name=priority.name)

    return _button(priority_id, act)


@bp.post("/priorities/<int:priority_id>/restore")
def restore(priority_id):
    def act(priority):
        services.restore(priority)
        return _("“%(name)s” is back in the plan, at the end of its list.", name=priority.name)

    return _button(priority_id, act)
