"""The public pages under ``/<slug>/was-wurde-aus/`` (included from web/urls.py)."""

from django.urls import path

from . import feeds, views

app_name = "follow"

urlpatterns = [
    path("", views.resolution_list, name="list"),
    path("feed.atom", feeds.StatusChanges(), name="feed"),
    path("einschalten/", views.switch_municipality, name="switch"),
    path("beschluss/<int:pk>/einschalten/", views.switch_resolution, name="switch_resolution"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<str:reference>/", views.resolution_page, name="resolution"),
    path("<str:reference>/feed.atom", feeds.ResolutionStatusChanges(), name="resolution_feed"),
    path("<str:reference>/punkt/<str:number>/", views.item_page, name="item"),
]
