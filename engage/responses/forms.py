from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from engage.forms import TranslatedForm

MAX_REASON_LENGTH = 1000


class FindForm(TranslatedForm):
    """A reference number, sent with GET: finding a response changes nothing, so it needs no CSRF token."""

    class Meta:
        csrf = False

    reference = StringField(_l("Reference number"),
                            description=_l("It is 8 letters and numbers, for example ABCD-EF23"),
                            validators=[InputRequired(message=_l("Enter a reference number"))])


class EraseForm(TranslatedForm):
    reason = TextAreaField(
        _l("Why are you erasing it?"),
        description=_l("For example: the person asked by email on 3 March. Do not copy their answers here."),
        filters=[lambda text: text.strip() if isinstance(text, str) else text],
        validators=[DataRequired(message=_l("Say why you are erasing this response")),
                    Length(max=MAX_REASON_LENGTH, message=_l("The reason must be %(max)d characters or fewer",
                                                             max=MAX_REASON_LENGTH))])
