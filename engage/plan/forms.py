from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from engage.forms import TranslatedForm
from engage.models import PriorityKind
from engage.plan.services import MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH

KIND_NAMES = {
    PriorityKind.ASPIRATION: _l("Aspiration"),
    PriorityKind.DESIGN_GROUP: _l("Strategic design group"),
    PriorityKind.REFORM_AREA: _l("Reform area"),
    PriorityKind.ENABLER: _l("Enabler"),
}


def _stripped(text):
    return text.strip() if isinstance(text, str) else text


class PriorityForm(TranslatedForm):
    name = StringField(_l("Name"), filters=[_stripped], validators=[
        DataRequired(message=_l("Enter a name")),
        Length(max=MAX_NAME_LENGTH, message=_l("The name must be %(max)d characters or fewer", max=MAX_NAME_LENGTH))])
    description = TextAreaField(_l("Description (optional)"), filters=[_stripped], validators=[
        Length(max=MAX_DESCRIPTION_LENGTH,
               message=_l("The description must be %(max)d characters or fewer", max=MAX_DESCRIPTION_LENGTH))])


KINDS = [kind.value for kind in PriorityKind]
CHOOSE_KIND = _l("Select what kind of priority it is")


class NewPriorityForm(PriorityForm):
    kind = RadioField(_l("What kind of priority is it?"), validate_choice=False,
                      choices=[SelectChoice(kind.value, label) for kind, label in KIND_NAMES.items()],
                      validators=[InputRequired(message=CHOOSE_KIND), AnyOf(KINDS, message=CHOOSE_KIND)])


class ButtonForm(TranslatedForm):
    """A button that changes something: only the CSRF token."""
