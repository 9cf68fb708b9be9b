"""Results pages: which consultations have results for you, and one consultation's results."""

from flask import abort, current_app, render_template, request, stream_with_context
from flask_babel import format_number, get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage import access
from engage.answer_counts import Split
from engage.answering.counts import response_counts
from engage.case_reporting import minimum_for, survey_minimum
from engage.datasets.writers import MIMETYPES
from engage.dates import format_date
from engage.export_audit import record_export
from engage.extensions import db
from engage.i18n import LANGUAGES, current_language
from engage.models import Audience, Channel, Status
from engage.models.base import utcnow
from engage.results import bp, charts, figures, monitoring, services, themes
from engage.results.forms import chosen_filter
from surveys.reference import TRAFFORD_NEIGHBOURHOODS, WARD_NEIGHBOURHOOD


@bp.get("/")
@login_required
def index():
    if not access.RESULTS_SEEN_BY.get(current_user.role):
        abort(403)
    consultations = access.with_results(current_user)
    minimum = current_app.config["MIN_GROUP_SIZE"]
    totals = {i: count["total"] for i, count in response_counts(consultations, minimum).items()}
    withheld = {c.id: services.shows_results(c, totals[c.id], survey_minimum(c, minimum)) for c in consultations}
    return render_template("results/index.html", consultations=consultations, totals=totals, withheld=withheld,
                           minimum=minimum)


@bp.get("/<slug>")
@login_required
def show(slug):
    consultation, minimum = _viewed(slug)
    lang = current_language()
    now = services.stamp(consultation)
    total = now[1]
    withheld = services.shows_results(consultation, total, minimum)
    filters = [] if withheld else services.filters_for(consultation, lang.code, _, now)
    chosen, entered, errors = chosen_filter(request.args, filters)
    results = None if withheld else services.results(consultation, lang.code, _, minimum, chosen, now)
    drawn = {} if results is None else {
        question.id: charts.for_question(question, f"chart-{question.id}", _("Chart: %(question)s",
                                         question=question.text), lang.direction == "rtl",
                                         _("not shown (fewer than %(n)d)", n=minimum))
        for question in results.questions if not question.free_text}
    agreed = {} if results is None or results.refused else themes.for_results(
        consultation, minimum, access.may_read_quotes(current_user, consultation), results.chosen, now)
    watching = None
    if not withheld and consultation.audience is not Audience.STAFF and consultation.status is Status.OPEN:
        watching = _while_open(consultation, lang.code, minimum, now)
    page = render_template("results/show.html", consultation=consultation, total=total, withheld=withheld,
                           filters=filters, entered=entered, errors=errors, results=results, charts=drawn,
                           watching=watching, minimum=minimum, themes=agreed,
                           may_analyse=access.may_analyse(current_user),
                           may_read_quotes=access.may_read_quotes(current_user, consultation),
                           channel_names=services.CHANNEL_NAMES, percent=charts.percent,
                           languages=LANGUAGES)
    return page, (400 if errors else 200), {"Cache-Control": "private, no-store"}


@bp.get("/<slug>/themes-report")
@login_required
def themes_report(slug):
    consultation, minimum = _viewed(slug)
    lang = current_language()
    now = services.stamp(consultation)
    withheld = services.shows_results(consultation, now[1], minimum)
    quotes = access.may_read_quotes(current_user, consultation)
    questions = [] if withheld else [q for q in services.results(consultation, lang.code, _, minimum, None, now)
                                     .questions if q.free_text]
    found = {} if withheld else themes.for_results(consultation, minimum, quotes)
    page = render_template("results/themes_report.html", consultation=consultation, total=now[1],
                           withheld=withheld, questions=questions, themes=found, minimum=minimum,
                           may_analyse=access.may_analyse(current_user), may_read_quotes=quotes,
                           made_at=utcnow(), percent=charts.percent)
    return page, 200, {"Cache-Control": "private, no-store"}


def _viewed(slug: str):
    """(the consultation whose results the signed-in user asks for, its minimum group size), or 404 / 403."""
    consultation = access.find_consultation(slug)
    if consultation is None:
        abort(404)
    if not access.may_see_results(current_user, consultation):
        abort(403)
    return consultation, minimum_for(consultation)


def _while_open(consultation, lang: str, minimum: int, now: tuple) -> dict:
    today = utcnow().astimezone(get_timezone()).date()
    step, periods = services.remember(("over time", now, today, str(get_timezone())),
                                      lambda: monitoring.over_time(consultation, get_timezone(), today))
    questions = services.questions_of(consultation)
    wards = tuple(q.id for q in questions.values() if q.type == "ward")[:1]
    splits = {
        "channel": (Split(column="channel"), [c.value for c in Channel]),
        "language": (Split(column="language"), services.languages_used(consultation, now)),
    }
    if wards:
        splits["neighbourhood"] = (Split(question_ids=wards, mapping=tuple(WARD_NEIGHBOURHOOD.items())),
                                   list(TRAFFORD_NEIGHBOURHOODS))
    groups = {key: services.remember(("by group", key, now, minimum),
                                     lambda split=split, values=values: monitoring.by_group(
                                         consultation, split, values, minimum))
              for key, (split, values) in splits.items()}
    chart = None
    if periods:
        peak = max(period.count for period in periods)
        chart = charts.column_chart(
            [period.count for period in periods], "chart-over-time", _("Chart: responses over time"),
            current_language().direction == "rtl", format_date(periods[0].start, "medium"),
            format_date(periods[-1].start, "medium"), _("Most in one day: %(n)s", n=format_number(peak))
            if step == "day" else _("Most in one week: %(n)s", n=format_number(peak)))
    return {"step": step, "periods": periods, "chart": chart, "groups": groups,
            "drop_off": monitoring.drop_off(consultation, lang)}


@bp.get("/<slug>/figures.<any(csv, xlsx, json):kind>")
@login_required
def figures_download(slug, kind):
    """The page's figures as a file: everyone's, and with ``?by=<filter>`` every group of that filter."""
    consultation, minimum = _viewed(slug)
    now = services.stamp(consultation)
    withheld = services.shows_results(consultation, now[1], minimum)
    if withheld:
        return _problem(WITHHELD[withheld](minimum), 409, _("These figures cannot be downloaded"))
    unknown = sorted(set(request.args) - {"by", "lang"})
    by = request.args.get("by", "").strip() or None
    lang = current_language().code
    if len(request.args.getlist("by")) > 1:
        return _problem(_("Download the figures by one filter at a time: give “by” once."), 400)
    if unknown:
        return _problem(_("These figures can be downloaded for everyone, or by one filter with “by”, for example "
                          "“by=channel”: leave out anything else."), 400)
    try:
        found = figures.groups(consultation, lang, _, minimum, by, now)
    except services.FilterError:
        if consultation.audience is Audience.STAFF:
            return _problem(_("Staff survey figures cannot be split into groups, so nobody can be picked out: "
                              "leave out “by”."), 400)
        keys = ", ".join(f.key for f in services.filters_for(consultation, lang, _, now))
        return _problem(_("“%(by)s” is not one of these results’ filters. Choose one of: %(keys)s.",
                          by=by, keys=keys), 400)
    record_export(current_user, consultation, f"figures {kind} {by or 'all'}")
    db.session.commit()
    suffix = f"-by-{by}" if by else ""
    return current_app.response_class(
        stream_with_context(figures.file_chunks(consultation, found, kind, lang, by, minimum)),
        mimetype=MIMETYPES[kind], headers={
            "Content-Disposition": f'attachment; filename="{slug}-figures{suffix}.{kind}"',
            "Cache-Control": "private, no-store"})


WITHHELD = {
    "draft": lambda n: _("This consultation is a draft: nobody has answered it yet, so it has no figures."),
    "open": lambda n: _("Staff survey figures can be downloaded only after the survey closes, so nobody can be "
                        "picked out from answers that arrive one by one."),
    "few": lambda n: _("This staff survey has fewer than %(n)d responses, too few to keep anyone anonymous, so "
                       "its figures cannot be downloaded.", n=n),
}


def _problem(message, status, title=None):
    return render_template("errors/error.html", title=title or _("There is a problem with what was sent"),
                           message=message), status
