"""Admin of webhooks: every endpoint and its delivery log, to see what arrived and what is stuck.

Endpoints and deliveries are written by the services in ``notifications.webhooks`` and shown
read-only here; the secret is never shown. Staff do two things, through the same services as
the integrator's pages: switch endpoints on again ("Weer aanzetten", also after the portal
switched them off for their failures; what waited is then sent) and put given-up deliveries back
in the queue ("Opnieuw proberen").
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.webhooks import webhook_endpoint_enable, webhook_retry


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "owner",
        "events",
        "active",
        "disabled_at",
        "consecutive_failures",
        "created_at",
    ]
    list_filter = ["active", ("disabled_at", admin.EmptyFieldListFilter)]
    search_fields = ["url", "owner__username", "owner__email"]
    list_select_related = ["owner"]
    actions = ["enable"]
    fields = [
        "owner",
        "url",
        "events",
        "active",
        "created_at",
        "consecutive_failures",
        "failing_since",
        "disabled_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # integrators make their own, and get the secret shown once

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_enable_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.change_webhookendpoint")

    @admin.action(description=_("Weer aanzetten"), permissions=["enable"])
    def enable(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        endpoints = list(queryset)
        for endpoint in endpoints:
            webhook_endpoint_enable(endpoint=endpoint, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d webhook staat weer aan.",
                "%(count)d webhooks staan weer aan.",
                len(endpoints),
            )
            % {"count": len(endpoints)},
            messages.SUCCESS,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event_type",
        "endpoint",
        "status",
        "attempts",
        "response_status",
        "next_attempt_at",
        "last_error",
        "delivered_at",
    ]
    list_filter = ["status", "event_type"]
    search_fields = ["event_key", "endpoint__url", "uuid"]
    list_select_related = ["endpoint"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = [
        "endpoint",
        "uuid",
        "event_type",
        "event_key",
        "payload",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_until",
        "response_status",
        "response_excerpt",
        "last_error",
        "created_at",
        "delivered_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the log is the record of what was sent

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.change_webhookdelivery")

    @admin.action(description=_("Opnieuw proberen"), permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        count = webhook_retry(delivery_ids=list(queryset.values_list("pk", flat=True)))
        if not count:
            self.message_user(
                request,
                gettext("Geen van de gekozen berichten was opgegeven; er is niets veranderd."),
                messages.WARNING,
            )
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d bericht staat weer in de wachtrij.",
                "%(count)d berichten staan weer in de wachtrij.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
