"""Model fields that several apps declare alike: visibility and quarters."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.formats.quarters import validate_quarter
from sozialplanung.core.visibility import Visibility


def visibility_field(*, default: Visibility = Visibility.PUBLIC) -> models.CharField:
    """Who may read a record; council records are public unless marked otherwise."""
    return models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=default
    )


def internal_visibility() -> models.CharField:
    """Visibility of records about money and staff: internal unless released."""
    return visibility_field(default=Visibility.NON_PUBLIC)


def quarter_field(verbose: Any) -> models.CharField:
    """An optional quarter, stored as "2019-Q3"."""
    return models.CharField(
        verbose, max_length=7, blank=True, default="", validators=[validate_quarter]
    )
