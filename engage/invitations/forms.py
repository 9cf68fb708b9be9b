from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from engage.forms import TranslatedForm
from engage.questions_log import MAX_LENGTH


class ButtonForm(TranslatedForm):
    """A button that changes something: CSRF only."""


class AnswerForm(TranslatedForm):
    answer = TextAreaField(
        _l("Answer"),
        filters=[lambda value: value.strip() if value else value],
        validators=[DataRequired(message=_l("Enter the answer")),
                    Length(max=4 * MAX_LENGTH, message=_l("The answer must be %(max)d characters or fewer"))],
    )
