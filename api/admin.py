"""Admin of API keys: every key, who has it, what it may do, when it was last used.

Keys are made by their users in the portal (the whole key is shown to them once) and never here;
no secret or hash is shown. Staff do two things, through the services of ``api.keys``: revoke
keys (the action "Intrekken") and name the organisations a key may read: for an integrator,
those whose contracts it may read, at that organisation's request.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api import keys
from api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "scopes", "created_at", "last_used_at", "expires_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["name", "prefix", "user__username", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["organisations"]
    actions = ["revoke"]
    fields = [
        "name",
        "prefix",
        "user",
        "scopes",
        "organisations",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
        "revoked_by",
    ]
    readonly_fields = [field for field in fields if field != "organisations"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made in the portal, where the whole key is shown once

    def save_model(self, request, obj, form, change) -> None:
        pass  # only the organisations change here, in save_related

    def save_related(self, request, form, formsets, change) -> None:
        try:
            keys.api_key_name_organisations(
                api_key=form.instance,
                organisations=form.cleaned_data["organisations"],
                by=request.user,
            )
        except keys.ApiKeyError as error:
            messages.error(request, error.message)

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(keys.CHANGE_API_KEYS)

    @admin.action(description=_("Intrekken"), permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        revoked = 0
        for api_key in queryset.filter(revoked_at__isnull=True):
            try:
                keys.api_key_revoke(api_key=api_key, by=request.user)
            except keys.ApiKeyError as error:
                messages.error(request, error.message)
            else:
                revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d sleutel ingetrokken.", "%(count)d sleutels ingetrokken.", revoked)
            % {"count": revoked},
        )
