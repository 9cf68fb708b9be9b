from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired

from engage.forms import TranslatedForm


class LoginForm(TranslatedForm):
    email = EmailField(_l("Email address"), validators=[InputRequired(message=_l("Enter your email address"))])
    password = PasswordField(_l("Password"), validators=[InputRequired(message=_l("Enter your password"))])
