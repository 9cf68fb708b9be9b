from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, RadioField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, Regexp

from engage.accounts.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from engage.forms import TranslatedForm
from engage.models import Role

ROLE_LABELS = {
    Role.ADMINISTRATOR: _l("Administrator: staff accounts, and every consultation"),
    Role.ENGAGEMENT_OFFICER: _l("Engagement officer: consultations for residents and partner organisations"),
    Role.WORKFORCE_OFFICER: _l("Workforce officer: staff consultations"),
    Role.ANALYST: _l("Analyst: analysing answers (no consultations or responses)"),
}


class LoginForm(TranslatedForm):
    email = EmailField(_l("Email address"), validators=[InputRequired(message=_l("Enter your email address"))])
    password = PasswordField(_l("Password"), validators=[InputRequired(message=_l("Enter your password"))])


def _new_password_field():
    return PasswordField(
        _l("New password"),
        description=_l("At least %(n)d characters. A few unrelated words are easy to remember and hard to guess.",
                       n=MIN_PASSWORD_LENGTH),
        validators=[InputRequired(message=_l("Enter a new password")),
                    Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
                           message=_l("The password must be %(min)d to %(max)d characters",
                                      min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH))])


def _confirm_field():
    return PasswordField(_l("Type the new password again"),
                         validators=[InputRequired(message=_l("Type the new password again")),
                                     EqualTo("new_password", message=_l("The two passwords are not the same"))])


class SetPasswordForm(TranslatedForm):
    new_password = _new_password_field()
    confirm = _confirm_field()


class ChangePasswordForm(TranslatedForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[InputRequired(message=_l("Enter your current password"))])
    new_password = _new_password_field()
    confirm = _confirm_field()


class AccountForm(TranslatedForm):
    """A new staff account: who, and what they may do."""

    name = StringField(_l("Full name"), validators=[InputRequired(message=_l("Enter their full name")),
                                                    Length(max=200, message=_l("The name must be 200 characters "
                                                                               "or fewer"))])
    email = EmailField(_l("Email address"), description=_l("Their work email address: they sign in with it"),
                       validators=[InputRequired(message=_l("Enter their email address")),
                                   Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                          message=_l("Enter an email address like name@example.org")),
                                   Length(max=254, message=_l("The email address must be 254 characters or fewer"))])
    role = RadioField(_l("Role"), validate_choice=False,
                      choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()])

    def validate_role(self, field):
        if field.data not in {role.value for role in Role}:
            raise ValidationError(_l("Choose a role"))


class AccountActionForm(TranslatedForm):
    """A change to an existing account: ``action`` is role, deactivate, reactivate or reset."""

    action = HiddenField()
    role = RadioField(_l("Role"), validate_choice=False,
                      choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()])
