"""Every staff step has its form, its service and its place on the public timeline."""

from governance.forms.actions import STEP_FORMS
from governance.services.change_requests import ACTOR_ROLE
from governance.steps import STEPS
from governance.views.actions import STEP_SERVICES


def test_the_step_registries_name_the_same_transitions():
    """A step without a form or service would be a 500 at request time; none is missing."""
    transitions = {step.transition for step in STEPS.values()}
    assert transitions == set(STEP_FORMS) == set(STEP_SERVICES)
    # Reject and answer are named after the step that takes them; the rest by the transition.
    assert transitions - {"reject", "answer_in_faq"} <= set(ACTOR_ROLE)
