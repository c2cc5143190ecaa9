"""The gunicorn entry point: `gunicorn wsgi:app`. Production config unless SLEEPAPP_CONFIG says otherwise."""

import os

from sleepapp import create_app

app = create_app(os.environ.get("SLEEPAPP_CONFIG", "production"))
