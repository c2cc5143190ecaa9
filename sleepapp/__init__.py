"""The sleep-hygiene app: create_app builds, configures and wires it. Its only I/O: outside
production, config may write a generated secret key into instance/ once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from .auth.limits import check_only_decorated_views
from .config import load_config
from .extensions import ID_MAX, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: str | dict[str, Any] | None = None) -> Flask:
    """Build the app. `config` is a config name, or a mapping of overrides (tests)."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, config)
    # `<id:...>` in a page route names a row: a number past what an id column holds is not
    # found (404) by the router, never an overflowing query (SQLite cannot bind it).
    app.url_map.converters["id"] = RowId
    configure_extensions(app)
    configure_blueprints(app)
    configure_proxy(app)

    from . import assets, errors, requestlog, security, templating
    from .cli import register_cli

    assets.register(app)
    requestlog.register(app)
    errors.register(app)
    security.register(app)
    templating.register(app)
    register_cli(app)
    return app


class RowId(IntegerConverter):
    """Werkzeug's int converter, bounded by the id columns' range (extensions.ID_MAX)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", ID_MAX)
        super().__init__(map, *args, **kwargs)


def configure_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    check_only_decorated_views(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _tune_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])


def _tune_sqlite(engine: sa.Engine, busy_timeout_ms: int) -> None:
    # WAL lets readers and one writer work at once; the busy timeout makes a second
    # writer wait instead of failing with "database is locked". Foreign keys are off
    # by default in SQLite.
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA secure_delete=ON")  # deleted text is overwritten, not left in free pages
        cur.close()


def configure_blueprints(app: Flask) -> None:
    from .account import bp as account_bp
    from .account.report import bp as report_bp
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .diary import bp as diary_bp
    from .guide import bp as guide_bp
    from .health import bp as health_bp
    from .home import bp as home_bp
    from .program import bp as program_bp
    from .pwa import bp as pwa_bp
    from .reminders import bp as reminders_bp
    from .share import bp as share_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp, url_prefix="/account")
    app.register_blueprint(report_bp)
    app.register_blueprint(diary_bp, url_prefix="/diary")
    app.register_blueprint(program_bp, url_prefix="/program")
    app.register_blueprint(guide_bp, url_prefix="/guide")
    app.register_blueprint(pwa_bp)  # /manifest.webmanifest, /sw.js, /offline
    app.register_blueprint(reminders_bp)  # /account/reminders..., /calendar/<token>.ics
    app.register_blueprint(share_bp)  # /report/share..., /s/<token>, /account/export.fhir.json
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)  # token-authenticated; cookies never authenticate the API


def configure_proxy(app: Flask) -> None:
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )
