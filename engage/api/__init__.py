"""The read-only JSON API for analysts' own tools (/api/v1/), its OpenAPI document, and the page where
staff members create and revoke their API tokens."""

from flask import Blueprint

bp = Blueprint("api", __name__, template_folder="templates", cli_group="api-token")

from engage.api import routes, tokens  # noqa: E402,F401
