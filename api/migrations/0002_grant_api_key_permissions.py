"""Grant having API keys to the integrator, organisation-contact and staff roles, and reading the
organisations named on a key to the integrator role; reversible."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "use_api_keys": [
        "integrator",
        "organisation_contact",
        "secretariat",
        "legal_reviewer",
        "practical_reviewer",
        "steering_secretary",
        "release_manager",
    ],
    "read_named_organisations": ["integrator"],
}


def _permission(apps, codename):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="api", codename=codename)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for codename, roles in GRANTS.items():
        permission = _permission(apps, codename)
        for group in Group.objects.filter(name__in=roles):
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for codename, roles in GRANTS.items():
        permission = _permission(apps, codename)
        for group in Group.objects.filter(name__in=roles):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_create_role_groups"),
        ("api", "0001_api_keys"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
