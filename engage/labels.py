"""Translated names for the domain's fixed vocabularies, shown to residents and staff."""

from flask_babel import lazy_gettext as _l

from engage.models import Audience, LadderRung, PriorityKind, Status

RUNG_NAMES = {
    LadderRung.EDUCATING: _l("Educating: helping people understand how services work"),
    LadderRung.INFORMING: _l("Informing: telling people about services and decisions"),
    LadderRung.CONSULTATION: _l("Consultation: asking for your views"),
    LadderRung.ENGAGEMENT: _l("Engagement: repeated chances to give your views"),
    LadderRung.CO_DESIGN: _l("Co-design: designing services with you"),
    LadderRung.CO_PRODUCTION: _l("Co-production: an equal partnership from design to delivery"),
}

AUDIENCE_NAMES = {
    Audience.RESIDENTS: _l("Residents"),
    Audience.STAFF: _l("Staff"),
    Audience.STAKEHOLDERS: _l("Partner organisations"),
}

# What the manage page says about closing, naming the people the consultation is for (never "residents" for staff).
CLOSE_EARLY = {
    Audience.RESIDENTS: _l("Close it early if you need to. It closes to residents after its closing date in any case."),
    Audience.STAFF: _l("Close it early if you need to. It closes to staff after its closing date in any case."),
    Audience.STAKEHOLDERS: _l(
        "Close it early if you need to. It closes to partner organisations after its closing date in any case."
    ),
}
REOPEN = {
    Audience.RESIDENTS: _l(
        "Reopen it to extend it: change its closing date in its document first, or it stays closed to residents."
    ),
    Audience.STAFF: _l(
        "Reopen it to extend it: change its closing date in its document first, or it stays closed to staff."
    ),
    Audience.STAKEHOLDERS: _l(
        "Reopen it to extend it: change its closing date in its document first, "
        "or it stays closed to partner organisations."
    ),
}

NEIGHBOURHOOD_NAMES = {
    "North": _l("North"),
    "Central": _l("Central"),
    "South": _l("South"),
    "West": _l("West"),
}

STATUS_NAMES = {
    Status.DRAFT: _l("Draft"),
    Status.OPEN: _l("Open"),
    Status.CLOSED: _l("Closed"),
    Status.FEEDBACK_PUBLISHED: _l("Feedback published"),
}

# The parts of a consultation document that an import can change, as staff see them.
FIELD_NAMES = {
    "title": _l("title"),
    "summary": _l("summary"),
    "can_influence": _l("what people can influence"),
    "cannot_influence": _l("what people cannot influence"),
    "privacy_notice": _l("privacy notice"),
    "rung": _l("type of activity"),
    "audience": _l("who it is for"),
    "neighbourhoods": _l("neighbourhoods"),
    "opens_on": _l("opening date"),
    "closes_on": _l("closing date"),
    "feedback": _l("feedback"),
    "retention_months": _l("how long answers are kept"),
}

# The locality plan's kinds of priority, as the plan view and the workspace's tagging head them.
KIND_HEADINGS = {
    PriorityKind.ASPIRATION: _l("Aspirations"),
    PriorityKind.DESIGN_GROUP: _l("Strategic design groups"),
    PriorityKind.REFORM_AREA: _l("Reform areas"),
    PriorityKind.ENABLER: _l("Enablers"),
}
