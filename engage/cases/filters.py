"""Template filters for the case pages (registered on the app by the blueprint)."""

from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage.cases import bp
from engage.dates import format_date

ACTION_NAMES = {
    "case_created": _l("Case started"),
    "details_changed": _l("Proposal or dates changed"),
    "staff_list_imported": _l("Staff list imported"),
    "representative_added": _l("Representative added"),
    "information_given": _l("Information dates entered"),
    "meeting_recorded": _l("Meeting recorded"),
    "counter_proposal_received": _l("Counter-proposal recorded"),
    "counter_proposal_replied": _l("Reply to a counter-proposal"),
    "officers_changed": _l("Assignment changed"),
    "case_closed": _l("Case closed"),
    "attachment_downloaded": _l("Attachment downloaded"),
    "outcome_written": _l("What changed written"),
    "interim_results_allowed": _l("Interim results allowed"),
    "interim_results_withdrawn": _l("Interim results withdrawn"),
}


@bp.app_template_filter("case_choice")
def case_choice(choice, current, many=False, select=False):
    """A GOV.UK radio, checkbox or select item for a WTForms (value, label) choice."""
    value, label = choice.value, choice.label
    chosen = str(value) in {str(item) for item in current} if many else str(value) == str(current or "")
    return {"value": value, "text": str(label), ("selected" if select else "checked"): chosen}


@bp.app_template_filter("case_checklist_row")
def case_checklist_row(entry, names):
    item, day = entry
    given = _("Given on %(day)s", day=format_date(day, "long")) if day else _("Not given yet")
    return {"key": {"text": str(names[item])}, "value": {"text": given}}


@bp.app_template_filter("case_action")
def case_action(action: str) -> str:
    return str(ACTION_NAMES.get(action, action))


@bp.app_template_filter("case_attendee")
def case_attendee(person: dict) -> str:
    return f"{person.get('name', '')} ({person.get('role', '')})"


@bp.app_template_filter("case_percent")
def case_percent(share: float) -> str:
    """A share as a whole percentage in the page's language."""
    return format_percent(share, "#,##0%")
