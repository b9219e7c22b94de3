from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API voor integrators")

    def ready(self) -> None:
        from api.caching import sealed_generation_raise
        from standards.events import release_published

        release_published.connect(
            lambda **kwargs: sealed_generation_raise(), weak=False, dispatch_uid="api-sealed"
        )
