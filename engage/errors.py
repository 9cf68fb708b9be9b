"""Error pages in the visitor's language."""

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

API_PREFIX = "/api/"


def _page(title, message, status):
    if request.path.startswith(API_PREFIX):  # programs get JSON, in English
        return jsonify(error=API_ERRORS.get(status, "error"), message=API_MESSAGES.get(status, title)), status
    return render_template("errors/error.html", title=title, message=message), status


API_ERRORS = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 500: "server_error"}
API_MESSAGES = {400: "The request is not valid.", 403: "Your role does not include this.",
                404: "There is nothing at this address.", 405: "The API only reads: use GET.",
                500: "Something went wrong on the server."}


def refuse_nul_characters():
    """Answer 400 when the address or a submitted form holds a NUL character.

    PostgreSQL refuses NUL in text, so any query or insert with one fails; checking here once
    spares every route. Uploaded files are not form values and are not checked.
    """
    sent = [request.path]
    try:
        sources = (request.args, request.form)
    except RequestEntityTooLarge:  # the route explains that on its own page
        sources = (request.args,)
    for data in sources:
        for key, values in data.lists():
            sent += [key, *values]
    if any("\x00" in text for text in sent):
        return _page(
            _("There is a problem with what was sent"),
            _("The web address or the form held a character that cannot be used. "
              "Go back, check what you typed and try again."),
            400,
        )
    return None


def init_app(app):
    app.before_request(refuse_nul_characters)

    @app.errorhandler(404)
    def not_found(error):
        return _page(_("Page not found"), _("If you typed the web address, check it is correct."), 404)

    @app.errorhandler(403)
    def forbidden(error):
        return _page(_("You cannot do this with your account"),
                     _("Your role does not include this. Ask an administrator if you need it."), 403)

    @app.errorhandler(405)
    def method_not_allowed(error):
        if request.path.startswith(API_PREFIX):
            body, status = _page("", "", 405)
            return body, status, {"Allow": ", ".join(error.valid_methods or ["GET"])}
        return error

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
