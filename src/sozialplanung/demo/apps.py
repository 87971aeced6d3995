from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sozialplanung.demo"
    label = "demo"
    # The app has no models, so its name appears in no page; "Demo" reads the same in
    # both languages.
    verbose_name = "Demo"
