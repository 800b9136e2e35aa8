"""WSGI entry point used by `cellops serve` and any production WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cellops.settings")
application = get_wsgi_application()
