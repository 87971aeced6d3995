from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "sozialplanung.areas"
    label = "areas"

    def ready(self) -> None:
        # Web import jobs of areas and indicators run in a worker, which finds the
        # importer of a job's kind in core's registry.
        from .import_runners import register

        register()
