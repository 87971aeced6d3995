from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sozialplanung.web"
    label = "web"
