from django.urls import path

from . import views

app_name = "needs"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("luecken/", views.gaps_page, name="gaps"),
    path("luecken/csv", views.gaps_csv, name="gaps_csv"),
    path("luecken/xlsx", views.gaps_xlsx, name="gaps_xlsx"),
    path("parameter/", views.parameters_page, name="parameters"),
]
