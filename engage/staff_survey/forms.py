from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from engage.forms import TranslatedForm
from engage.questions_log import MAX_LENGTH


class CodeForm(TranslatedForm):
    code = StringField(
        _l("Enter your code"),
        description=_l("It is 16 letters and numbers, for example ABCD-EF23-GH45-JK67. It is in your email or on "
                       "the slip you were given."),
        validators=[InputRequired(message=_l("Enter the code you were given"))],
    )


class QuestionForm(TranslatedForm):
    question = TextAreaField(
        _l("Your question"),
        filters=[lambda value: value.strip() if value else value],
        validators=[DataRequired(message=_l("Enter your question")),
                    Length(max=MAX_LENGTH, message=_l("Your question must be %(max)d characters or fewer"))],
    )
    named = BooleanField(_l("Give my name with my question"))
