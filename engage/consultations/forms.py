from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length

from engage.forms import TranslatedForm


class UploadForm(TranslatedForm):
    """A consultation document, and the XLSForm workbook its survey names, if any."""

    document = FileField(_l("Consultation document (.json or .yaml)"),
                         description=_l("The consultation and its survey, written as the engagement officers' "
                                        "guide describes"))
    workbook = FileField(_l("Survey workbook (.xlsx or .xls), if the document names one"),
                         description=_l("Only when the document's survey is written in a spreadsheet (XLSForm)"))


class ConfirmForm(TranslatedForm):
    """The checked document, sent back to be stored (it is checked again)."""

    document = HiddenField()


class StatusForm(TranslatedForm):
    status = HiddenField()


def _part(label, hint, missing):
    return TextAreaField(label, description=hint,
                         validators=[InputRequired(message=missing),
                                     Length(max=20000, message=_l("Write at most 20,000 characters"))])


class FeedbackForm(TranslatedForm):
    """The feedback's English, part by part (engage.consultations.feedback)."""

    we_asked = _part(_l("We asked"), _l("What the consultation asked, and why"), _l("Enter what you asked"))
    you_said = _part(_l("You said"), _l("What people told you: the themes of their answers, with how many said "
                                        "each"), _l("Enter what people said"))
    we_did = _part(_l("We did"), _l("What you decided or did because of it, or why nothing could change"),
                   _l("Enter what you did"))
