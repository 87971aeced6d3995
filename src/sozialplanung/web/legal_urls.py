from django.urls import path

from . import legal

app_name = "legal"

urlpatterns = [
    path("barrierefreiheit/meldung/", legal.feedback, name="feedback"),
    path("<slug:kind>/", legal.legal_page, name="page"),
]
