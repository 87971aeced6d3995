from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "sozialplanung.areas"
    label = "areas"
