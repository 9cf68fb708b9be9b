"""Forms of the analysis workspace (CSRF and field checks; the templates draw the GOV.UK fields)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from engage.forms import TranslatedForm
from engage.models.analysis_runs import Theme

LABEL_MAX = Theme.label.type.length
DESCRIPTION_MAX = 2000


def _strip(text):
    return text.strip() if isinstance(text, str) else text


class StartForm(TranslatedForm):
    questions = SelectMultipleField(_l("Questions to analyse"), choices=[],
                                    validate_choice=False,
                                    validators=[DataRequired(message=_l("Choose at least one question to analyse"))])
    n_themes = StringField(_l("Number of themes"), filters=[_strip], validators=[
        Optional(),
        Regexp(r"^([2-9]|[1-3][0-9]|40)$", message=_l("Enter a whole number from 2 to 40, or leave it empty"))])


class ThemeForm(TranslatedForm):
    label = StringField(_l("Name"), filters=[_strip], validators=[
        DataRequired(message=_l("Enter a name for the theme")),
        Length(max=LABEL_MAX, message=_l("The name must be %(max)d characters or fewer", max=LABEL_MAX))])
    description = TextAreaField(_l("Description (optional)"), filters=[_strip], validators=[
        Length(max=DESCRIPTION_MAX, message=_l("The description must be %(max)d characters or fewer",
                                               max=DESCRIPTION_MAX))])


class AgreeForm(TranslatedForm):
    agreed = BooleanField()


class ButtonForm(TranslatedForm):
    """A button that changes something: only its CSRF token."""
