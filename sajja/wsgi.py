"""WSGI entry point (gunicorn sajja.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sajja.settings")
application = get_wsgi_application()
