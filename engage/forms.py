"""Form plumbing shared by every blueprint."""

from flask_babel import gettext, ngettext
from flask_wtf import FlaskForm


class BabelTranslations:
    """WTForms translations object backed by the app's Flask-Babel catalogs."""

    def gettext(self, string):
        return gettext(string)

    def ngettext(self, singular, plural, n):
        return ngettext(singular, plural, n)


class TranslatedForm(FlaskForm):
    """A Flask-WTF form (with CSRF) whose messages use our catalogs."""

    class Meta:
        def get_translations(self, form):
            return BabelTranslations()


def stale_button_message() -> str:
    """What a button press with a missing or out-of-date CSRF token says (nothing was changed)."""
    return gettext("The page was out of date, so nothing was changed. Press the button again.")


def csrf_failed(form: FlaskForm) -> bool:
    return bool(getattr(form, "csrf_token", None) is not None and form.csrf_token.errors)


def form_errors(form: FlaskForm, names) -> list[tuple[str, str]]:
    """(message, anchor) for an error summary: a stale form first, then each named field's first error, in order."""
    errors = [(stale_button_message(), "#" + names[0])] if csrf_failed(form) else []
    return errors + [(form[name].errors[0], "#" + name) for name in names if form[name].errors]
