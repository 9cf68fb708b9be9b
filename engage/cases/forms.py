from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from engage.forms import TranslatedForm
from engage.models import CaseType, InformationItem, RepresentativeKind

CASE_TYPE_NAMES = {
    CaseType.COLLECTIVE_REDUNDANCY: _l("Collective redundancy"),
    CaseType.TUPE_TRANSFER: _l("TUPE transfer"),
    CaseType.RESTRUCTURE: _l("Restructure"),
    CaseType.CHANGE_TO_TERMS: _l("Change to terms and conditions"),
}
KIND_NAMES = {RepresentativeKind.TRADE_UNION: _l("Trade union representative"),
              RepresentativeKind.ELECTED: _l("Elected employee representative")}
ITEM_NAMES = {
    InformationItem.REASONS: _l("The reasons for the proposal"),
    InformationItem.NUMBERS: _l("The numbers and descriptions of staff affected and proposed for dismissal"),
    InformationItem.SELECTION: _l("The proposed method of selection"),
    InformationItem.TIMING: _l("The proposed method and timing of carrying out dismissals"),
    InformationItem.PAY: _l("How any redundancy pay (beyond the statutory) will be calculated"),
}
DATE_HINT = _l("For example, 2027-03-15 (year-month-day)")


def _choices(names):
    return [SelectChoice(value.value, label) for value, label in names.items()]


class IsoDateField(StringField):
    """A date typed as year-month-day; ``data`` is a date, or None when empty."""

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if self.raw:
            try:
                self.data = date.fromisoformat(self.raw)
            except ValueError:
                self.data = None
                raise ValueError(_l("Enter a real date as year-month-day, for example 2027-03-15")) from None

    def _value(self):
        if getattr(self, "raw", None) is not None:
            return self.raw
        return self.data.isoformat() if self.data else ""


class WholeNumberField(StringField):
    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if self.raw:
            if not self.raw.isascii() or not self.raw.isdigit():
                raise ValueError(_l("Enter a whole number from 0 to 1,000,000"))
            self.data = int(self.raw)

    def _value(self):
        if getattr(self, "raw", None) is not None:
            return self.raw
        return "" if self.data is None else str(self.data)


def _required_date(message):
    def check(form, field):
        if field.data is None and not field.errors and not getattr(field, "raw", ""):
            raise ValidationError(message)
    return check


def _text(label, message, limit=200, **kwargs):
    return StringField(label, validators=[InputRequired(message=message),
                                          Length(max=limit, message=_l("Write at most %(n)d characters", n=limit))],
                       **kwargs)


class NewCaseForm(TranslatedForm):
    title = _text(_l("Title"), _l("Enter the case's title"), 300,
                  description=_l("As staff will see it, for example “Integrated neighbourhood teams”"))
    slug = _text(_l("Short name for links"), _l("Enter a short name for links"), 120,
                 description=_l("Lower-case letters, numbers and hyphens, for example neighbourhood-teams-2027"))
    case_type = RadioField(_l("Type of change"), choices=_choices(CASE_TYPE_NAMES),
                           validators=[InputRequired(message=_l("Choose the type of change"))])


class DetailsForm(TranslatedForm):
    title = _text(_l("Title"), _l("Enter the case's title"), 300)
    case_type = RadioField(_l("Type of change"), choices=_choices(CASE_TYPE_NAMES),
                           validators=[InputRequired(message=_l("Choose the type of change"))])
    proposal = TextAreaField(_l("The proposal"), validators=[Length(max=20000)],
                             description=_l("What is proposed, as the written information to representatives says"))
    reasons = TextAreaField(_l("The reasons for it"), validators=[Length(max=20000)])
    establishment = StringField(_l("Establishment"), validators=[Length(max=200)],
                                description=_l("The site or unit where any dismissals are proposed"))
    proposed_dismissals = WholeNumberField(
        _l("Proposed redundancy dismissals"),
        description=_l("At this establishment within 90 days; 0 when none. From 20 the law sets a minimum "
                       "consultation period"),
        validators=[InputRequired(message=_l("Enter the number of proposed dismissals (0 when none)")),
                    NumberRange(min=0, max=1_000_000, message=_l("Enter a whole number from 0 to 1,000,000"))])
    planned_decision_on = IsoDateField(_l("Planned date for the decision to take effect (optional)"),
                                       description=DATE_HINT)
    first_dismissal_on = IsoDateField(_l("Planned date of the first dismissal (optional)"), description=DATE_HINT)
    hr1_sent_on = IsoDateField(_l("Date form HR1 was sent (optional)"), description=DATE_HINT)
    consultation_id = SelectField(_l("Staff survey"), coerce=str, validators=[Optional()],
                                  description=_l("The staff consultation affected staff answer for this case"))


class StaffListForm(TranslatedForm):
    staff_list = FileField(_l("Staff list (.csv or .xlsx)"),
                           description=_l("One row per affected member of staff, with the column headings the "
                                          "guide lists"))


class RepresentativeForm(TranslatedForm):
    name = _text(_l("Name"), _l("Enter the representative's name"))
    kind = RadioField(_l("Kind of representative"), choices=_choices(KIND_NAMES),
                      validators=[InputRequired(message=_l("Choose the kind of representative"))])
    body = StringField(_l("Trade union, or the staff group that elected them"), validators=[Length(max=200)])
    received_on = IsoDateField(_l("Date they received the written information"), description=DATE_HINT,
                               validators=[_required_date(_l("Enter the date they received the written "
                                                             "information"))])


class ChecklistForm(TranslatedForm):
    reasons = IsoDateField(ITEM_NAMES[InformationItem.REASONS], description=DATE_HINT)
    numbers = IsoDateField(ITEM_NAMES[InformationItem.NUMBERS], description=DATE_HINT)
    selection = IsoDateField(ITEM_NAMES[InformationItem.SELECTION], description=DATE_HINT)
    timing = IsoDateField(ITEM_NAMES[InformationItem.TIMING], description=DATE_HINT)
    pay = IsoDateField(ITEM_NAMES[InformationItem.PAY], description=DATE_HINT)


class MeetingForm(TranslatedForm):
    held_on = IsoDateField(_l("Date of the meeting"), description=DATE_HINT,
                           validators=[_required_date(_l("Enter the date of the meeting"))])
    title = _text(_l("Meeting"), _l("Enter what the meeting was"),
                  description=_l("For example, “Second consultation meeting with Unison and RCN”"))
    attendees = TextAreaField(
        _l("Who attended"), validators=[InputRequired(message=_l("Enter who attended")), Length(max=5000)],
        description=_l("One person a line, their role then a colon then their name, for example "
                       "“Trade union representative: Pat Jones”"))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=50000)])
    attachments = MultipleFileField(_l("Attachments (optional)"),
                                    description=_l("PDF, Word (.docx), Excel (.xlsx), PNG or JPEG files, up to "
                                                   "10 MB together"))


class CounterProposalForm(TranslatedForm):
    received_on = IsoDateField(_l("Date received"), description=DATE_HINT,
                               validators=[_required_date(_l("Enter the date it was received"))])
    from_whom = _text(_l("Put forward by"), _l("Enter who put it forward"),
                      description=_l("A union, a team or a representative"))
    summary = TextAreaField(_l("The counter-proposal"),
                            validators=[InputRequired(message=_l("Enter the counter-proposal")), Length(max=20000)])


class ReplyForm(TranslatedForm):
    replied_on = IsoDateField(_l("Date of the written reply"), description=DATE_HINT,
                              validators=[_required_date(_l("Enter the date of the reply"))])
    reply = TextAreaField(_l("The written reply"),
                          validators=[InputRequired(message=_l("Enter the reply")), Length(max=20000)])


class OfficersForm(TranslatedForm):
    officers = SelectMultipleField(_l("Assigned to this case"), coerce=int, widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput(), validate_choice=False,
                                   description=_l("They see the whole case. Administrators see every case"))


class CloseForm(TranslatedForm):
    outcome = TextAreaField(_l("What changed because of the consultation"),
                            validators=[InputRequired(message=_l("Enter what changed (or that nothing did, "
                                                                 "and why)")), Length(max=20000)])


class OutcomeForm(TranslatedForm):
    outcome = TextAreaField(_l("What changed because of the consultation"),
                            filters=[lambda value: value.strip() if value else value],
                            validators=[DataRequired(message=_l("Enter what changed (or that nothing did, "
                                                                 "and why)")), Length(max=20000)])


class ButtonForm(TranslatedForm):
    """A button that changes something: only its CSRF token is checked."""


class OrganisationMinimumForm(TranslatedForm):
    organisation = StringField(_l("Organisation"), description=_l("As written in the Organisation column of staff "
                                                                  "lists"),
                               validators=[InputRequired(message=_l("Enter the organisation's name")),
                                           Length(max=200, message=_l("Enter a name of 200 characters or fewer"))])
    min_group_size = StringField(_l("Minimum group size"), validators=[InputRequired(
        message=_l("Enter the minimum group size, a whole number"))])
