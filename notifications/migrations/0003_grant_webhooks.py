"""Grant managing one's own webhooks to the integrator role; reversible."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["integrator"]


def _permission(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(
        content_type__app_label="notifications", codename="manage_webhooks"
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _permission(apps)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _permission(apps)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_create_role_groups"),
        ("notifications", "0002_webhooks"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
