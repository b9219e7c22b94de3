"""The pages to manage one's API keys, under ``/api-sleutels/``.

* ``/api-sleutels/``: one's keys, newest first, each with its prefix, name, scopes,
  organisations, when it was made, last used and expires, and whether it was revoked; a link to
  make one and, per working key, to revoke it.
* ``/api-sleutels/nieuw/``: a new key's name, scopes, organisations (only for a contact, among
  their own organisations) and optional expiry date. The answer to the POST is the page that
  shows the whole key, **once**: it is not stored anywhere the portal could show it again (the
  database keeps its hash; no session holds it), and the page is never cached. A refusal shows
  the form again with the message and what was typed.
* ``/api-sleutels/<id>/intrekken/``: a GET asks to confirm; the POST revokes.

Only accounts with ``api.use_api_keys`` see these pages (others get 403), and each only their
own keys (another's is a 404). Every write goes through ``api.keys``.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from api import keys
from api.models import ApiKey, ApiScope
from api.versioning import API_PREFIX
from organisations.models import Organisation
from standards.deadlines import AMSTERDAM


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam"),
        max_length=100,
        help_text=gettext_lazy("Waarvoor u de sleutel gebruikt, bijvoorbeeld 'Zaaksysteem'."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Bevoegdheden"),
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Wat de sleutel mag, binnen wat uw account mag. Openbare gegevens leest iedereen, "
            "ook zonder sleutel."
        ),
        error_messages={"required": gettext_lazy("Kies ten minste één bevoegdheid.")},
    )
    organisations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Organisaties"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Niets gekozen: de sleutel leest alle organisaties die u zelf mag zien. Gekozen: "
            "alleen deze."
        ),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Geldig tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leeg: geldig tot u de sleutel intrekt."),
    )

    def __init__(self, *args, offered, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = offered
        if not offered.exists():
            del self.fields["organisations"]

    def clean_expires_on(self) -> datetime.date | None:
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is not None and expires_on < timezone.localdate():
            raise forms.ValidationError(_("Kies vandaag of een datum in de toekomst."))
        return expires_on


def end_of(day: datetime.date) -> datetime.datetime:
    """The key works through ``day`` in Amsterdam: it expires at the start of the next day."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), AMSTERDAM)


def _check_may_use(request: HttpRequest) -> None:
    if not keys.may_use_api_keys(request.user):
        raise PermissionDenied(
            _("API-sleutels zijn er voor integrators, contactpersonen van organisaties en staf.")
        )


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("API-sleutels"), reverse("api_keys:list") if items else None), *items]


@login_required
def api_key_list(request: HttpRequest) -> HttpResponse:
    _check_may_use(request)
    return render(
        request,
        "api/key_list.html",
        {
            "api_keys": keys.api_keys_of(request.user),
            "now": timezone.now(),
            "api_url": request.build_absolute_uri(API_PREFIX),
            "openapi_url": request.build_absolute_uri(f"{API_PREFIX}openapi.json"),
            "crumbs": _crumbs(),
        },
    )


@never_cache  # the answer to the POST shows the key: no copy in any cache
@login_required
@require_http_methods(["GET", "POST"])
def api_key_create(request: HttpRequest) -> HttpResponse:
    _check_may_use(request)
    offered = keys.organisations_offered(request.user)
    status = 200
    if request.method == "POST":
        form = ApiKeyForm(request.POST, offered=offered)
        if form.is_valid():
            data = form.cleaned_data
            try:
                api_key, plaintext = keys.api_key_create(
                    by=request.user,
                    name=data["name"],
                    scopes=data["scopes"],
                    organisations=data.get("organisations") or (),
                    expires_at=end_of(data["expires_on"]) if data["expires_on"] else None,
                )
            except keys.ApiKeyError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return render(
                    request,
                    "api/key_created.html",
                    {
                        "api_key": api_key,
                        "plaintext": plaintext,
                        "api_url": request.build_absolute_uri(API_PREFIX),
                        "crumbs": _crumbs((api_key.name, None)),
                    },
                    status=201,
                )
        status = 400
    else:
        form = ApiKeyForm(offered=offered)
    return render(
        request,
        "api/key_form.html",
        {"form": form, "crumbs": _crumbs((_("Nieuwe sleutel"), None))},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """A GET asks to confirm; the POST revokes the key."""
    _check_may_use(request)
    try:
        api_key = keys.api_key_of(request.user, pk)
    except ApiKey.DoesNotExist as error:
        raise Http404(_("Deze sleutel bestaat niet.")) from error
    if request.method == "POST":
        try:
            keys.api_key_revoke(api_key=api_key, by=request.user)
        except keys.ApiKeyError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("De sleutel %(name)s (%(prefix)s) is ingetrokken; hij werkt niet meer.")
                % {"name": api_key.name, "prefix": api_key.prefix},
            )
        return redirect("api_keys:list")
    if api_key.revoked_at is not None:
        messages.info(request, _("Deze sleutel was al ingetrokken."))
        return redirect("api_keys:list")
    return render(
        request,
        "api/key_revoke.html",
        {"api_key": api_key, "crumbs": _crumbs((_("Sleutel intrekken"), None))},
    )
