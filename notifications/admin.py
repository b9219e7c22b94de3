"""Admin of notifications: the outbox, to see what was sent and what is stuck.

The outbox is written by the services in ``notifications.outbox`` and shown read-only here. The
one thing staff do is put given-up messages back in the queue ("Opnieuw proberen"), for instance
after the mail server has been repaired; that goes through ``mail_retry`` like everywhere else.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from notifications.models import OutgoingMail
from notifications.outbox import mail_retry


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = [
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = [
        "key",
        "to",
        "subject",
        "text",
        "html",
        "headers",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_until",
        "last_error",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the outbox is the record of what was sent

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.change_outgoingmail")

    @admin.action(description=_("Opnieuw proberen"), permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[OutgoingMail]) -> None:
        count = mail_retry(mail_ids=list(queryset.values_list("pk", flat=True)))
        if not count:
            self.message_user(
                request,
                gettext("Geen van de gekozen e-mails was opgegeven; er is niets veranderd."),
                messages.WARNING,
            )
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail staat weer in de wachtrij.",
                "%(count)d e-mails staan weer in de wachtrij.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


from notifications import admin_webhooks  # noqa: E402, F401  (registers the webhook admin)
