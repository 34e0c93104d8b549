"""WSGI application for in-process API fuzzing (schemathesis) under the test settings."""

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
