"""Admin of the standards catalogue.

Every model is here, with its history. Lifecycle changes of releases go through the same services
as everywhere else (admin actions), and content of a sealed release is shown read-only. Importing
a release is a two-step admin view: upload and preview the report and matching, then confirm.
"""

import base64

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from standards.exceptions import StandardsError
from standards.history_admin import ReadOnlyHistoryAdmin
from standards.importers.parsed import ImportAmbiguity
from standards.importers.sources import parse_source
from standards.models import (
    Article,
    ArticleVersion,
    Document,
    DocumentVersion,
    FrontMatterSection,
    Release,
    Standard,
)
from standards.services.imports import release_import, release_import_plan
from standards.services.releases import (
    release_create_draft,
    release_freeze,
    release_reopen,
    release_withdraw,
)

PENDING_IMPORT_SESSION_KEY = "standards_pending_import"


@admin.register(Standard)
class StandardAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]
    actions = ["create_next_draft"]

    @admin.action(description=gettext_lazy("Nieuwe conceptversie starten (kopie van de geldende)"))
    def create_next_draft(self, request: HttpRequest, queryset) -> None:
        for standard in queryset:
            try:
                draft = release_create_draft(standard=standard, by=request.user)
            except StandardsError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request, _("Conceptversie %s aangemaakt.") % draft, messages.SUCCESS
                )


@admin.register(Document)
class DocumentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["slug", "standard", "kind", "deviation_policy", "position"]
    list_filter = ["standard", "kind"]
    list_select_related = ["standard"]


@admin.register(Article)
class ArticleAdmin(ReadOnlyHistoryAdmin):
    list_display = ["key", "standard", "created_at"]
    list_filter = ["standard"]
    list_select_related = ["standard"]
    readonly_fields = ["key", "created_at"]


class SealedContentAdmin(ReadOnlyHistoryAdmin):
    """Content of a published release is shown, never edited."""

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.release.is_sealed:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.release.is_sealed:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(DocumentVersion)
class DocumentVersionAdmin(SealedContentAdmin):
    list_display = ["title", "release", "document", "position"]
    list_filter = ["release__standard"]
    list_select_related = ["release__standard", "document__standard"]


@admin.register(ArticleVersion)
class ArticleVersionAdmin(SealedContentAdmin):
    list_display = ["number", "title", "release", "document", "is_optional"]
    list_filter = ["release__standard", "is_optional"]
    list_select_related = ["release__standard", "document__standard"]
    search_fields = ["number", "title", "text"]
    readonly_fields = ["content_hash"]


@admin.register(FrontMatterSection)
class FrontMatterSectionAdmin(SealedContentAdmin):
    list_display = ["heading", "kind", "source", "release"]
    list_select_related = ["release__standard"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ReleaseImportForm(forms.Form):
    standard = forms.ModelChoiceField(
        queryset=Standard.objects.all(), required=False, label=gettext_lazy("Bestaande standaard")
    )
    new_standard_slug = forms.SlugField(
        required=False, label=gettext_lazy("of: slug nieuwe standaard")
    )
    new_standard_name = forms.CharField(required=False, label=gettext_lazy("naam nieuwe standaard"))
    version = forms.RegexField(regex=r"^\d{1,3}\.\d{1,3}$", label=gettext_lazy("Versie"))
    files = MultipleFileField(
        label=gettext_lazy("Bestanden"), help_text=gettext_lazy("Markdown (.md) of Word (.docx)")
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("standard") and not cleaned.get("new_standard_slug"):
            raise forms.ValidationError(_("Kies een standaard of geef de slug van een nieuwe."))
        return cleaned


@admin.register(Release)
class ReleaseAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "state", "submission_deadline", "published_on", "effective_on"]
    list_filter = ["standard", "state"]
    list_select_related = ["standard"]
    readonly_fields = ["state", "created_at"]
    actions = ["freeze", "reopen", "withdraw"]
    change_list_template = "admin/standards/release/change_list.html"

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is not None and obj.is_sealed:
            return [field.name for field in obj._meta.concrete_fields]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # releases are kept forever; withdraw instead

    def _run(self, request: HttpRequest, queryset, service, done: str) -> None:
        for release in queryset:
            try:
                service(release=release, by=request.user)
            except StandardsError as error:
                self.message_user(request, f"{release}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{release}: {done}", messages.SUCCESS)

    @admin.action(description=gettext_lazy("Bevriezen"))
    def freeze(self, request: HttpRequest, queryset) -> None:
        self._run(request, queryset, release_freeze, _("bevroren"))

    @admin.action(description=gettext_lazy("Heropenen"))
    def reopen(self, request: HttpRequest, queryset) -> None:
        self._run(request, queryset, release_reopen, _("heropend"))

    @admin.action(description=gettext_lazy("Intrekken"))
    def withdraw(self, request: HttpRequest, queryset) -> None:
        self._run(request, queryset, release_withdraw, _("ingetrokken"))

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="standards_release_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload → preview (report and matching) → confirm; nothing is written before confirm."""
        if not request.user.has_perm("standards.manage_release"):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "title": _("Versie importeren")}
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request, context)
        form = ReleaseImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            files = {f.name: f.read() for f in form.cleaned_data["files"]}
            pending = {
                "standard_id": form.cleaned_data["standard"].pk
                if form.cleaned_data["standard"]
                else None,
                "slug": form.cleaned_data["new_standard_slug"],
                "name": form.cleaned_data["new_standard_name"],
                "version": form.cleaned_data["version"],
                "files": {name: base64.b64encode(data).decode() for name, data in files.items()},
            }
            try:
                plan = self._plan(pending)
            except (ImportAmbiguity, StandardsError) as error:
                form.add_error(None, str(error))
            else:
                request.session[PENDING_IMPORT_SESSION_KEY] = pending
                return TemplateResponse(
                    request,
                    "admin/standards/release/import_preview.html",
                    {**context, "plan": plan, "report": plan.report()},
                )
        return TemplateResponse(
            request, "admin/standards/release/import_form.html", {**context, "form": form}
        )

    def _plan(self, pending: dict):
        if pending["standard_id"]:
            standard = Standard.objects.get(pk=pending["standard_id"])
        else:
            standard = Standard.objects.filter(slug=pending["slug"]).first() or Standard(
                slug=pending["slug"], name=pending["name"] or pending["slug"]
            )
        sources = [
            parse_source(name, base64.b64decode(data)) for name, data in pending["files"].items()
        ]
        return release_import_plan(standard=standard, version=pending["version"], sources=sources)

    def _import_confirm(self, request: HttpRequest, context: dict) -> HttpResponse:
        pending = request.session.get(PENDING_IMPORT_SESSION_KEY)
        if not pending:
            self.message_user(request, _("Er staat geen import klaar."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:standards_release_import"))
        try:
            plan = self._plan(pending)
            release = release_import(plan=plan, by=request.user, accepted=True)
        except (ImportAmbiguity, StandardsError) as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:standards_release_import"))
        del request.session[PENDING_IMPORT_SESSION_KEY]
        self.message_user(
            request, _("Versie %s geïmporteerd als concept.") % release, messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:standards_release_change", args=[release.pk]))
