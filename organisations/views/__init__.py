"""The pages of organisations and their contracts (``organisations.views.organisations``,
``organisations.views.contracts``), and what they share: how a refusal is shown.

Who may see what is ``organisations.permissions``; every write goes through
``organisations.services``. A page the user may not see answers 403 with a Dutch sentence that
says why (Django's own 403 page says nothing); a refusal of the domain (``InvalidInput``) shows the
form again with the message at its field and what was typed.
"""

from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from organisations import selectors
from organisations.exceptions import OrganisationsError
from organisations.models import Organisation


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """The 403 page, with the reason and a way on."""
    return render(
        request,
        "organisations/forbidden.html",
        {"message": message, "crumbs": [(_("Niet toegestaan"), None)]},
        status=403,
    )


def organisation_or_404(slug: str) -> Organisation:
    try:
        return selectors.organisation_get(slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404(_("Deze organisatie bestaat niet.")) from error


def list_crumb() -> tuple[str, str]:
    return (_("Organisaties"), reverse("organisations:organisation_list"))


def organisation_crumb(organisation: Organisation) -> tuple[str, str]:
    return (organisation.name, organisation.get_absolute_url())


def put_on_form(form: Form, error: OrganisationsError) -> None:
    """A refusal of the service on the field it concerns, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
