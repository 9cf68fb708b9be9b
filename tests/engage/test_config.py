import pytest

from engage import config, create_app


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("ENGAGE_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        config.load(str(tmp_path))


def test_production_with_a_secret_key_uses_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("ENGAGE_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    loaded = config.load(str(tmp_path))
    assert loaded["SECRET_KEY"] == "from-the-environment"
    assert loaded["SESSION_COOKIE_SECURE"] is True


def test_development_key_is_kept_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("ENGAGE_ENV", raising=False)
    first = config.load(str(tmp_path))["SECRET_KEY"]
    assert first == config.load(str(tmp_path))["SECRET_KEY"] and len(first) >= 32


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_means_psycopg_3(monkeypatch, tmp_path, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert config.database_url(str(tmp_path)) == expected


def test_no_database_url_means_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url(str(tmp_path)) == f"sqlite:///{tmp_path}/engage.db"


def test_minimum_group_size_is_never_below_11(monkeypatch, tmp_path):
    monkeypatch.setenv("MIN_GROUP_SIZE", "5")
    assert config.load(str(tmp_path))["MIN_GROUP_SIZE"] == 11


def test_healthz_is_a_fixed_string():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.text == "ok"


@pytest.mark.parametrize(("idle_seconds", "pinged"), [(0, True), (60, False)])
def test_the_apps_connections_are_checked_after_the_configured_idle(tmp_path, monkeypatch, idle_seconds, pinged):
    from engage.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/ping.db", "SECRET_KEY": "x",
                      "DATABASE_PING_IDLE_SECONDS": idle_seconds})
    pings = []
    with app.app_context():
        db.create_all()
        monkeypatch.setattr(db.engine.dialect, "do_ping", lambda connection: pings.append(connection) or True)
    client = app.test_client()
    assert client.get("/").status_code == 200 and client.get("/").status_code == 200
    assert bool(pings) is pinged
