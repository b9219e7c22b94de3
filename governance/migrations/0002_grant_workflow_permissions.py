"""Grant each role its workflow steps (DESIGN.md, "Roles") and its admin rights; reversible."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = [
    "secretariat",
    "legal_reviewer",
    "practical_reviewer",
    "steering_secretary",
    "steering_member",
    "release_manager",
]
# The workflow steps, plus what each role reads and corrects in the admin (/beheer/).
VIEW_ALL = [
    f"view_{model}"
    for model in (
        "changerequest",
        "transitionevent",
        "legalassessment",
        "practicalreview",
        "faqentry",
        "steeringmeeting",
        "agendaitem",
    )
]
GRANTS = {
    "secretariat": [
        "intake_changerequest",
        "schedule_changerequest",
        "change_changerequest",
        "add_faqentry",
        "change_faqentry",
        *VIEW_ALL,
    ],
    "legal_reviewer": ["assess_changerequest"],
    "practical_reviewer": ["advise_changerequest"],
    "steering_secretary": [
        "decide_changerequest",
        "manage_steeringmeeting",
        "add_steeringmeeting",
        "change_steeringmeeting",
        *VIEW_ALL,
    ],
    "release_manager": ["schedule_changerequest"],
}


def _permissions(apps, codenames):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return list(
        Permission.objects.filter(content_type__app_label="governance", codename__in=codenames)
    )


def _grants():
    grants = {role: list(codenames) for role, codenames in GRANTS.items()}
    for role in STAFF:
        grants.setdefault(role, []).append("view_internal_notes")
    return grants


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, codenames in _grants().items():
        Group.objects.get(name=role).permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, codenames in _grants().items():
        Group.objects.get(name=role).permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_create_role_groups"),
        ("governance", "0001_change_requests_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
