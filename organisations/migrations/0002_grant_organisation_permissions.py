"""Grant reading every organisation and the implementation dashboard to the secretariat, and
keeping one's own organisation to the organisation-contact role; reversible."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "secretariat": "view_all_organisations",
    "organisation_contact": "keep_own_organisation",
}


def _permission(apps, codename):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="organisations", codename=codename)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, codename in GRANTS.items():
        for group in Group.objects.filter(name=role):
            group.permissions.add(_permission(apps, codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, codename in GRANTS.items():
        for group in Group.objects.filter(name=role):
            group.permissions.remove(_permission(apps, codename))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_create_role_groups"),
        ("organisations", "0001_organisations_and_contracts"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
