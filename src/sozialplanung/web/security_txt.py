"""``/.well-known/security.txt`` (RFC 9116): whom to tell about a vulnerability.

Each installation names its own contact (SECURITY_CONTACT); without one there is no
file, rather than one that points nowhere.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

#: RFC 9116 asks for an expiry under a year ahead; the file is written fresh on each request.
VALID_DAYS = 180


def security_txt(request: HttpRequest) -> HttpResponse:
    contact = settings.SECURITY_CONTACT.strip()
    if not contact:
        raise Http404
    if "@" in contact and not contact.startswith(("mailto:", "https:")):
        contact = f"mailto:{contact}"
    expires = (timezone.now() + dt.timedelta(days=VALID_DAYS)).replace(microsecond=0)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.astimezone(dt.UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: de, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
