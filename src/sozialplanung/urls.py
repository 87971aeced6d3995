from django.conf.urls.i18n import i18n_patterns  # noqa: F401  (language is chosen by cookie)
from django.contrib import admin
from django.urls import include, path

from sozialplanung.api import api
from sozialplanung.core.health import health

urlpatterns = [
    path("gesundheit/", health, name="health"),
    path("healthz", health),  # the name monitoring tools expect by default
    path("api/", api.urls),
    path("oparl/v1.1/", include("sozialplanung.council.oparl.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("sozialplanung.reports.urls")),
    path("", include("sozialplanung.web.urls")),
]
