"""``{{ url|web_href }}``: the address when it is http(s), else empty (see core.weblinks)."""

from django import template

from sozialplanung.core.weblinks import web_href

register = template.Library()
register.filter("web_href", web_href)
