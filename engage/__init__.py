"""Engage: the web application of a local health-and-care partnership's engagement platform."""

from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from engage import config as config_module
from engage.extensions import (
    babel,
    csrf,
    db,
    give_sqlite_real_transactions,
    login_manager,
    migrate,
    note_writes,
    ping_idle_connections,
    retry_if_connection_lost,
)


class EngageFlask(Flask):
    def dispatch_request(self):
        """The view's response; a view that lost its database connection before writing runs once more."""
        return retry_if_connection_lost(super().dispatch_request)


def create_app(config: dict | None = None) -> Flask:
    app = EngageFlask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(config_module.load(app.instance_path))
    if config:
        app.config.update(config)

    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")

    from engage import i18n, throttle

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            give_sqlite_real_transactions(db.engine)
        ping_idle_connections(db.engine, app.config["DATABASE_PING_IDLE_SECONDS"])
        note_writes(db.engine)
    migrations = Path(__file__).resolve().parent.parent / "migrations"
    migrate.init_app(app, db, render_as_batch=True, directory=str(migrations))
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.install_template_gettext(app.jinja_env)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    # Flask-Login would flash an untranslated "Please log in" shown as a success banner; the sign-in page says enough.
    login_manager.login_message = None
    throttle.init_app(app)
    if app.config["TRUSTED_PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    from engage import models  # noqa: F401  (register the tables)
    from engage.accounts import bp as accounts_bp
    from engage.api import bp as api_bp
    from engage.cases import bp as cases_bp
    from engage.consultations import bp as consultations_bp
    from engage.entry import bp as entry_bp
    from engage.exports import bp as exports_bp
    from engage.invitations import bp as invitations_bp
    from engage.plan import bp as plan_bp
    from engage.public import bp as public_bp
    from engage.representation import bp as representation_bp
    from engage.responses import bp as responses_bp
    from engage.results import bp as results_bp
    from engage.staff_survey import bp as staff_survey_bp
    from engage.workspace import bp as workspace_bp

    # Survey pages check CSRF inside their forms, so a stale token re-shows the page with the answers kept.
    csrf.exempt(public_bp)
    csrf.exempt(entry_bp)
    csrf.exempt(consultations_bp)
    csrf.exempt(accounts_bp)
    csrf.exempt(responses_bp)
    csrf.exempt(plan_bp)
    csrf.exempt(staff_survey_bp)
    csrf.exempt(invitations_bp)
    csrf.exempt(cases_bp)
    csrf.exempt(api_bp)  # the token page checks CSRF in its forms; the API only reads
    csrf.exempt(workspace_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(entry_bp)
    app.register_blueprint(consultations_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(responses_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(representation_bp)
    app.register_blueprint(staff_survey_bp)
    app.register_blueprint(invitations_bp)
    app.register_blueprint(results_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(workspace_bp)

    app.before_request(i18n.forget_cached_locale)
    app.before_request(i18n.switch_language_from_query)
    app.context_processor(i18n.template_context)
    app.context_processor(lambda: {"partnership_name": app.config["PARTNERSHIP_NAME"]})

    from engage import cli, errors, jobs, security, templating

    cli.init_app(app)
    jobs.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app
