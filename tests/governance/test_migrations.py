"""The workflow permissions migration is reversible: revoking undoes granting, and back.

``governance/migrations/0002_grant_workflow_permissions`` gives each role group the workflow
steps it takes (DESIGN.md, "Roles"), every staff role the internal notes, and some roles what
they read and correct in the admin.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission

import pytest

pytestmark = pytest.mark.django_db

grants = import_module("governance.migrations.0002_grant_workflow_permissions")
applying = import_module("governance.migrations.0004_grant_applying")

# The workflow steps per role (the brief of the workflow); the migration may grant more (admin).
WORKFLOW = {
    "secretariat": {
        "intake_changerequest",
        "schedule_changerequest",
        "apply_changerequest",
        "view_internal_notes",
    },
    "legal_reviewer": {"assess_changerequest", "view_internal_notes"},
    "practical_reviewer": {"advise_changerequest", "view_internal_notes"},
    "steering_secretary": {
        "decide_changerequest",
        "manage_steeringmeeting",
        "view_internal_notes",
    },
    "steering_member": {"view_internal_notes"},
    "release_manager": {"schedule_changerequest", "apply_changerequest", "view_internal_notes"},
    "organisation_contact": set(),
    "integrator": set(),
}
STEPS = {
    "intake_changerequest",
    "assess_changerequest",
    "advise_changerequest",
    "decide_changerequest",
    "schedule_changerequest",
    "apply_changerequest",
    "manage_steeringmeeting",
}


def governance_permissions() -> dict[str, set[str]]:
    return {
        group.name: set(
            group.permissions.filter(content_type__app_label="governance").values_list(
                "codename", flat=True
            )
        )
        for group in Group.objects.filter(name__in=WORKFLOW)
    }


def declared() -> dict[str, set[str]]:
    """What the migrations say they grant, per role (0002 the workflow, 0004 applying)."""
    roles = {role: set(codenames) for role, codenames in grants._grants().items()}
    for role in applying.APPLIERS:
        roles.setdefault(role, set()).add("apply_changerequest")
    return roles


def test_every_permission_the_migration_names_exists():
    """A misspelt codename would be skipped silently by the grant; none is."""
    named = set().union(*declared().values())
    existing = set(
        Permission.objects.filter(
            content_type__app_label="governance", codename__in=named
        ).values_list("codename", flat=True)
    )
    assert named == existing


def test_each_role_holds_its_workflow_steps_and_no_step_of_another_role():
    """Roles have their steps; the non-staff roles nothing in governance at all."""
    held = governance_permissions()
    for role, steps in WORKFLOW.items():
        assert steps <= held[role], role
        assert held[role] & STEPS == steps & STEPS, role
    assert held["organisation_contact"] == held["integrator"] == set()


def test_the_grant_rolls_back_and_forward():
    """Revoking removes everything it granted; granting restores exactly the same."""
    migrated = governance_permissions()
    assert migrated == {role: declared().get(role, set()) for role in WORKFLOW}

    grants.revoke(apps, None)
    applying.revoke(apps, None)
    assert governance_permissions() == {name: set() for name in WORKFLOW}

    grants.grant(apps, None)
    applying.grant(apps, None)
    assert governance_permissions() == migrated


def test_revoking_leaves_permissions_of_other_apps_alone():
    """The release manager keeps managing releases when the workflow grant is undone."""
    release_manager = Group.objects.get(name="release_manager")

    def others() -> set[str]:
        return set(
            release_manager.permissions.exclude(content_type__app_label="governance").values_list(
                "codename", flat=True
            )
        )

    before = others()
    assert "manage_release" in before

    grants.revoke(apps, None)

    assert others() == before


def test_granting_twice_changes_nothing():
    """Running the grant on a database that has it already is harmless."""
    migrated = governance_permissions()

    grants.grant(apps, None)

    assert governance_permissions() == migrated
