"""Error pages in the visitor's language."""

from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError


def _page(title, message, status):
    return render_template("errors/error.html", title=title, message=message), status


def init_app(app):
    @app.errorhandler(404)
    def not_found(error):
        return _page(_("Page not found"), _("If you typed the web address, check it is correct."), 404)

    @app.errorhandler(403)
    def forbidden(error):
        return _page(_("You cannot do this with your account"),
                     _("Your role does not include this. Ask an administrator if you need it."), 403)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(
            _("Your session timed out"),
            _("The page was out of date, so nothing was changed. Go back, reload the page and try again."),
            400,
        )

    @app.errorhandler(500)
    def server_error(error):
        return _page(_("Sorry, there is a problem with the service"), _("Try again later."), 500)
