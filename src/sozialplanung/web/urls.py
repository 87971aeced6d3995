from django.urls import include, path

from sozialplanung.core import oidc

from . import account, security_txt, views

urlpatterns = [
    path("", views.home, name="home"),
    path(".well-known/security.txt", security_txt.security_txt, name="security_txt"),
    path("anmelden/", account.SiteLoginView.as_view(), name="login"),
    path("anmelden/code/", account.otp_verify, name="otp_verify"),
    path("anmelden/zweiter-faktor/", account.otp_setup, name="otp_setup"),
    path("anmelden/verzeichnis/", oidc.Start.as_view(), name="oidc_authentication_init"),
    path(
        "anmelden/verzeichnis/zurueck/",
        oidc.Callback.as_view(),
        name="oidc_authentication_callback",
    ),
    path("abmelden/", account.logout_view, name="logout"),
    path("kommune/", views.switch_municipality, name="switch_municipality"),
    path("rechtliches/", include("sozialplanung.web.legal_urls")),
    path("<slug:slug>/gremien/eingang/", include("sozialplanung.intake.urls")),
    path(
        "<slug:slug>/gremien/beschlusskontrolle/",
        include("sozialplanung.measures.control_report_urls"),
    ),
    path("<slug:slug>/gremien/", include("sozialplanung.council.urls")),
    path("<slug:slug>/was-wurde-aus/", include("sozialplanung.council.public.urls")),
    path("<slug:slug>/angebote/", include("sozialplanung.offers.urls")),
    path("<slug:slug>/angebote/", include("sozialplanung.offers.finder_urls")),
    path("<slug:slug>/bedarf/", include("sozialplanung.needs.urls")),
    path("<slug:slug>/massnahmen/", include("sozialplanung.measures.urls")),
    # Municipality pages last: "/<slug>/" would otherwise catch the paths above.
    path("", include("sozialplanung.areas.urls")),
]
