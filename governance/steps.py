"""The workflow steps staff take on one change request, as the pages name them.

Each step has a URL slug, a label and the model transition it runs. ``steps_for`` answers which
steps a user may take on a change request right now (its state allows it and the user's role
does), so the detail page shows exactly the buttons that will work. The steering group's
decisions are not here: they are taken per agenda item in a meeting (``services.steering``).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from django_fsm import can_proceed, has_transition_perm

from governance.models import ChangeRequest


@dataclass(frozen=True)
class Step:
    slug: str
    transition: str
    label: str | Promise


STEPS = {
    step.slug: step
    for step in (
        Step("informatie-vragen", "request_info", _("Aanvullende informatie vragen")),
        Step("naar-juridische-toets", "to_legal_review", _("Doorzetten naar juridische toets")),
        Step("samenvoegen", "merge_into", _("Samenvoegen met een ander verzoek")),
        Step("juridische-toets", "assess", _("Juridische toets vastleggen")),
        Step("praktijktoets", "advise", _("Praktijktoets vastleggen")),
        Step("beantwoorden", "answer_in_faq", _("Beantwoorden in vraag en antwoord")),
        Step("afwijzen", "reject", _("Afwijzen")),
        Step("inplannen", "schedule", _("Inplannen in een versie")),
        Step("verwerken", "apply", _("Verwerken in het concept")),
    )
}


def may_take(step: Step, change_request: ChangeRequest, user) -> bool:
    method = getattr(change_request, step.transition)
    return user.is_authenticated and can_proceed(method) and has_transition_perm(method, user)


def steps_for(change_request: ChangeRequest, user) -> list[Step]:
    """The staff steps ``user`` may take on ``change_request`` in its current state."""
    if not user.is_authenticated:
        return []
    return [step for step in STEPS.values() if may_take(step, change_request, user)]
