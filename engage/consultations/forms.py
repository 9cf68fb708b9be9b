from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField

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
