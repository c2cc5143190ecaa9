"""gunicorn settings; each can be overridden by the matching GUNICORN_* variable or CLI flag."""

import os


def _cores() -> int:
    """CPUs this process may run on (the affinity mask, which containers narrow)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threaded workers: a stop (SIGTERM, a deploy) lets every accepted request finish within
# graceful_timeout, and requests waiting on the database do not hold a whole process.
worker_class = "gthread"
# Two processes per core, at most 4: the CPU-bound parts (password hashing, page and chart
# rendering) run in parallel across processes, while threads cover the waits on the
# database. The cap bounds memory (each hash takes 64 MiB) and database connections (each
# worker has its own pool); a self-hosted diary needs no more than 4 x 4 requests at once.
workers = int(os.environ.get("GUNICORN_WORKERS") or min(2 * _cores(), 4))
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM, requests in progress get this long to finish before workers are killed.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT") or 30)
accesslog = "-"
# One line per request: client, request line, status, bytes, duration in ms, and the request
# id the app sends back (sleepapp/requestlog.py), which its error log lines carry too.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
errorlog = "-"
# gunicorn >= 27 opens a control socket at a fixed path that parallel instances would share.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server) -> None:  # type: ignore[no-untyped-def]
    """Warn once when log-in limits cannot hold: in-memory counts are per worker process."""
    storage = os.environ.get("FLASK_RATELIMIT_STORAGE_URI", "").strip().strip('"')
    production = os.environ.get("SLEEPAPP_CONFIG", "production") == "production"
    if production and server.cfg.workers > 1 and (not storage or storage.startswith("memory://")):
        server.log.warning(
            "Log-in limits are counted in memory by each of %d workers, so they are %dx weaker "
            'than configured: set FLASK_RATELIMIT_STORAGE_URI="redis://..." to share them',
            server.cfg.workers,
            server.cfg.workers,
        )
