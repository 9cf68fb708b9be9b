from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from engage.forms import TranslatedForm


class NewTokenForm(TranslatedForm):
    name = StringField(
        _l("Name of the token"),
        description=_l("Say where you will use it, for example “R on my laptop”, so you can tell your tokens apart."),
        filters=[lambda text: text.strip() if text else text],
        validators=[DataRequired(message=_l("Enter a name for the token")),
                    Length(max=100, message=_l("The name must be 100 characters or fewer"))])


class RevokeForm(TranslatedForm):
    pass
