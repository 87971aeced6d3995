"""Long names in narrow table columns.

Area names such as "Cossebaude/Mobschatz/Oberwartha" have no space to wrap at: a column
holding one is as wide as the whole name and pushes its table past the page. The
filter offers a line break after each slash; words themselves never break.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def slash_breaks(value: object) -> SafeString:
    """ "A/B" -> "A/<wbr>B", escaped."""
    # Escaped first: only the <wbr> added here is markup.
    return mark_safe(str(conditional_escape(value)).replace("/", "/<wbr>"))
