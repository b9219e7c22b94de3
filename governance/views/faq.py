"""A standard's Q&A page (vraag en antwoord).

A review may end a change request with an answer instead of a text change; the answer is
published here, with the article it is about and the request it answered.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from governance import selectors
from standards.models import Standard


def faq_list(request: HttpRequest, standard: str) -> HttpResponse:
    standard_obj = get_object_or_404(Standard, slug=standard)
    return render(
        request,
        "governance/faq/faq_list.html",
        {
            "standard": standard_obj,
            "entries": selectors.faq_page_entries(standard_obj),
            "crumbs": [
                (_("Standaarden"), reverse("standards:standard_list")),
                (standard_obj.name, standard_obj.get_absolute_url()),
                (_("Vragen en antwoorden"), None),
            ],
        },
    )
