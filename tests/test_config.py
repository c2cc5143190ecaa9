"""Configuration layering (docs/design.md §6)."""

from pathlib import Path

import pytest

from sleepapp import create_app


def test_flask_variables_override_keys_as_json(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_DIARY_PAGE_SIZE", "7")
    monkeypatch.setenv("FLASK_AUTH_FAILURES_PER_ACCOUNT", '"1 per day"')
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.db"})
    assert app.config["DIARY_PAGE_SIZE"] == 7
    assert app.config["AUTH_FAILURES_PER_ACCOUNT"] == "1 per day"


def test_sleepapp_config_picks_the_class(monkeypatch, tmp_path):
    monkeypatch.setenv("SLEEPAPP_CONFIG", "testing")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    app = create_app()
    assert app.config["CONFIG_NAME"] == "testing"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/env.db"


def test_unknown_config_name_is_refused(monkeypatch):
    monkeypatch.setenv("SLEEPAPP_CONFIG", "staging")
    with pytest.raises(RuntimeError, match="SLEEPAPP_CONFIG"):
        create_app()


def test_heroku_style_postgres_url_is_accepted(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1/db")
    app = create_app("testing")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql://u@127.0.0.1/db"


def test_development_generates_and_keeps_a_secret(monkeypatch, tmp_path):
    from sleepapp.config import _instance_secret

    first = _instance_secret(Path(tmp_path))
    assert len(first) == 64
    assert _instance_secret(Path(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_wsgi_defaults_to_production(monkeypatch, tmp_path):
    import importlib
    import sys

    monkeypatch.delenv("SLEEPAPP_CONFIG", raising=False)
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/w.db")
    sys.modules.pop("wsgi", None)
    with pytest.raises(RuntimeError, match="FLASK_SECRET_KEY"):
        importlib.import_module("wsgi")
    monkeypatch.setenv("FLASK_SECRET_KEY", "d" * 64)
    sys.modules.pop("wsgi", None)
    assert importlib.import_module("wsgi").app.config["CONFIG_NAME"] == "production"
