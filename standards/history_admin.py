"""History in the admin is for reading.

django-simple-history lets the admin open any old version of a record and save it back as the
current one ("revert"). For governed records that would undo a workflow state, reopen a sealed
release or rewrite a published text behind the services' back, so the old versions are shown
and never restored: the revert button is hidden and a POST to the old-version page is refused
(simple-history would save it whether the button is shown or not).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True

    def history_form_view(
        self, request: HttpRequest, object_id, version_id, extra_context=None
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
