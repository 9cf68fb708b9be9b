"""Translated names for the domain's fixed vocabularies, shown to residents and staff."""

from flask_babel import lazy_gettext as _l

from engage.models import Audience, LadderRung

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

NEIGHBOURHOOD_NAMES = {
    "North": _l("North"),
    "Central": _l("Central"),
    "South": _l("South"),
    "West": _l("West"),
}
