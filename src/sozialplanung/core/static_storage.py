"""Static files under hashed names for production (settings.STATIC_HASHED_NAMES)."""

from __future__ import annotations

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed files; references rewritten in CSS only.

    Vendored libraries (Leaflet) name source maps they do not ship, and rewriting
    JavaScript would make collectstatic fail on them.
    """

    patterns = tuple(p for p in HashedFilesMixin.patterns if p[0] == "*.css")
