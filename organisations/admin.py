"""Admin of organisations: mainly to make users the contacts of an organisation.

Contracts, moves and provider responses are kept by the organisations' contacts in the portal
(through ``organisations.services``); the admin shows them read-only, with their history.
"""

from django.contrib import admin

from simple_history.admin import SimpleHistoryAdmin

from organisations.models import Contract, ContractMove, Organisation, ProviderResponse


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "cbs_code", "province", "kvk_number", "active"]
    list_filter = ["kind", "province", "active"]
    search_fields = ["name", "cbs_code", "kvk_number"]
    filter_horizontal = ["contacts", "municipalities"]
    prepopulated_fields = {"slug": ["name"]}


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "standard", "release", "starts_on", "ends_on"]
    list_filter = ["standard", "procurement_type"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation", "standard", "release__standard"]


@admin.register(ContractMove)
class ContractMoveAdmin(admin.ModelAdmin):
    list_display = ["contract", "from_release", "to_release", "moved_on", "recorded_by"]
    list_select_related = [
        "contract__organisation",
        "from_release__standard",
        "to_release__standard",
    ]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProviderResponse)
class ProviderResponseAdmin(ReadOnlyAdmin):
    list_display = ["contract", "provider", "release", "kind", "responded_on"]
    list_filter = ["kind"]
    list_select_related = ["contract__organisation", "provider", "release__standard"]
