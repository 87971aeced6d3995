import os

import django
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sozialplanung.settings")
django.setup(set_prefix=False)

# gunicorn runs no system checks: refuse an unsafe secret key here, before the first request
# (and before Django's own English complaint about an empty one).
from sozialplanung.core.checks import refuse_unsafe_settings  # noqa: E402  (needs setup)

refuse_unsafe_settings()
application = get_wsgi_application()
