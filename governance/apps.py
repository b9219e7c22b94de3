from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from governance import receivers  # noqa: F401 (connects the event receivers)
        from governance.change_reasons import applied_change_requests
        from standards.change_reasons import register_reason_source

        register_reason_source(applied_change_requests)
