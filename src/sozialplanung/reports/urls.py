from django.urls import path

from . import web

app_name = "reports"

urlpatterns = [
    path("<slug:slug>/exporte/<slug:name>.<slug:fmt>", web.export_by_name, name="export"),
]
