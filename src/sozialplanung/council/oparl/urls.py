"""OParl 1.1 routes, mounted under /oparl/v1.1/ (see docs/oparl.md)."""

from django.urls import path

from . import views
from .serializers import KINDS

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<slug:slug>/", views.body, name="body"),
    path("bodies/<slug:slug>/file/<int:pk>/inhalt/", views.file_content, name="file_content"),
]
for _kind, (_name, _one, _many) in KINDS.items():
    urlpatterns += [
        path(
            f"bodies/<slug:slug>/{_many}/",
            views.object_list,
            {"kind": _kind},
            name=f"{_kind}_list",
        ),
        path(
            f"bodies/<slug:slug>/{_one}/<int:pk>/",
            views.object_detail,
            {"kind": _kind},
            name=_kind,
        ),
    ]
