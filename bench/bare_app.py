"""The floor for bench/pages.py: one Flask route and nothing else, served by the same
gunicorn settings as the app."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def ok() -> str:
    return "ok"
