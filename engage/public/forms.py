from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired

from engage.forms import TranslatedForm


class ActionForm(TranslatedForm):
    """A button that changes something (start, submit): CSRF only."""


class ResumeForm(TranslatedForm):
    code = StringField(
        _l("Your code"),
        description=_l("It is 12 letters and numbers, for example ABCD-EF23-GH45"),
        validators=[InputRequired(message=_l("Enter the code you were given when you saved your answers"))],
    )
