from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "anmelden/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("kommune/", views.switch_municipality, name="switch_municipality"),
    path("<slug:slug>/gremien/eingang/", include("sozialplanung.intake.urls")),
    path("<slug:slug>/gremien/", include("sozialplanung.council.urls")),
    path("<slug:slug>/angebote/", include("sozialplanung.offers.urls")),
    path("<slug:slug>/angebote/", include("sozialplanung.offers.finder_urls")),
    path("<slug:slug>/bedarf/", include("sozialplanung.needs.urls")),
    path("<slug:slug>/massnahmen/", include("sozialplanung.measures.urls")),
    # Municipality pages last: "/<slug>/" would otherwise catch the paths above.
    path("", include("sozialplanung.areas.urls")),
]
