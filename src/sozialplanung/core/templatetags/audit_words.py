"""``{% load audit_words %}``: ``trail|in_words`` for change histories (core.audit_display)."""

from __future__ import annotations

from typing import Any

from django import template

from sozialplanung.core.audit_display import DescribedEntry, describe_trail

register = template.Library()


@register.filter
def in_words(entries: Any) -> list[DescribedEntry]:
    return describe_trail(entries or [])
