"""Logging in and out: the password form (switchable off), single sign-on, second factor.

Who must confirm a second factor and where that is enforced: ``core.otp``. These are the
two pages the enforcement sends people to: setting up an authenticator app (secret and
QR code, confirmed with a first code) and entering a code after the password.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sozialplanung.core import oidc
from sozialplanung.core.otp import second_factor_required


class SiteLoginView(LoginView):
    """The password form, and the single sign-on button when that is configured."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_LOGIN:
            messages.error(request, _("Logging in with a password is switched off here."))
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["local_login"] = settings.LOCAL_LOGIN
        context["single_sign_on"] = oidc.enabled()
        return context


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Ends our session, and the provider's too after a single sign-on."""
    id_token = request.session.get("oidc_id_token")
    logout(request)
    provider = oidc.provider_logout_url(request, id_token)
    return redirect(provider or resolve_url(settings.LOGOUT_REDIRECT_URL))


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Code from the app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("The code has six digits.")},
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")  # type: ignore[no-any-return]


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a new secret, shown as QR code and text, confirmed by a code."""
    user = request.user
    has_device = any(devices_for_user(user, confirmed=True))
    if has_device and not user.is_verified():  # type: ignore[union-attr]
        # A password alone must not add a device next to the one it should be asked for.
        return redirect(f"{resolve_url('otp_verify')}?{urlencode({'next': _next(request)})}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("The second factor is set up."))
            return redirect(_next(request))
        form.add_error("code", _("This code is wrong or expired. Please enter the current one."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "web/otp_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            # Our own SVG from the qrcode library, made of paths only.
            "qr": mark_safe(_qr_svg(device.config_url)),
            "required": second_factor_required(user),
            "has_device": has_device,
            "next": _next(request),
        },
    )


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The code after the password, checked against each of the person's devices."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        devices = list(devices_for_user(request.user, confirmed=True))
        # django-otp doubles the wait after every wrong code; guessing takes too long.
        allowed = [d for d in devices if d.verify_is_allowed()[0]]
        for device in allowed:
            if device.verify_token(code):
                otp_login(request, device)
                return redirect(_next(request))
        form.add_error(
            "code",
            _("This code is wrong or expired. Please enter the current one.")
            if allowed
            else _("Too many wrong codes: please wait a moment and enter the current code."),
        )
    return render(request, "web/otp_verify.html", {"form": form, "next": _next(request)})


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes' answer to a locked-out login: a German page in the site's layout."""
    return render(
        request,
        "web/locked.html",
        {
            "failure_limit": settings.LOGIN_FAILURE_LIMIT,
            "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
        },
        status=429,
    )
