"""OParl 1.1 routes, mounted under /oparl/v1.1/ (see docs/oparl.md)."""

from django.urls import path

from . import extension, views
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
# Our extension objects (resolutions, their items and status reports), prefixed.
for _kind, (_name, _one, _many) in extension.KINDS.items():
    urlpatterns.append(
        path(
            f"bodies/<slug:slug>/{_one}/<int:pk>/",
            views.extension_detail,
            {"kind": _kind},
            name=f"ext_{_kind}",
        )
    )
    if _many:
        urlpatterns.append(
            path(
                f"bodies/<slug:slug>/{_many}/",
                views.extension_list,
                {"kind": _kind},
                name=f"ext_{_kind}_list",
            )
        )
