"""Grant working approved change requests into the draft to secretariat and release manager."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPLIERS = ["secretariat", "release_manager"]


def _permission(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(
        content_type__app_label="governance", codename="apply_changerequest"
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _permission(apps)
    for group in Group.objects.filter(name__in=APPLIERS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _permission(apps)
    for group in Group.objects.filter(name__in=APPLIERS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_create_role_groups"),
        ("governance", "0003_change_request_application"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
