from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, ValidationError
from wtforms.fields.choices import SelectChoice

from engage.forms import TranslatedForm
from engage.i18n import LANGUAGES

CHANNEL_LABELS = {
    "paper": _l("On a paper form"),
    "phone": _l("On the phone"),
    "assisted": _l("In person, with help from a member of staff"),
}


class EntryForm(TranslatedForm):
    """How a response reached staff, and its language. Unknown values get the same message as none."""

    channel = RadioField(_l("How was this response given?"), validate_choice=False,
                         choices=[SelectChoice(value, label) for value, label in CHANNEL_LABELS.items()])
    language = SelectField(_l("Language of the response"), validate_choice=False,
                           description=_l("The language the person answered in, whatever language you read "
                                          "these pages in"),
                           choices=[SelectChoice(lang.code, f"{lang.native_name} ({lang.english_name})")
                                    for lang in LANGUAGES.values()])

    def validate_channel(self, field):
        if field.data not in CHANNEL_LABELS:
            raise ValidationError(_("Select how the response was given"))

    def validate_language(self, field):
        if field.data not in LANGUAGES:
            raise ValidationError(_("Select the language of the response from the list"))
