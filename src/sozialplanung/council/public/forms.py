"""The subscription form of a public resolution page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SubscriptionForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "We send you a link to confirm. Only after that do you get a mail when the "
            "status changes; every mail has a link to unsubscribe."
        ),
    )
