"""Grant managing releases and editing the catalogue to the roles that do it; reversible."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATALOGUE_MODELS = [
    "standard",
    "document",
    "article",
    "release",
    "documentversion",
    "articleversion",
    "frontmattersection",
]
EDITORS = ["secretariat", "release_manager"]


def _catalogue_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    codenames = ["manage_release"] + [
        f"{action}_{model}" for model in CATALOGUE_MODELS for action in ("view", "add", "change")
    ]
    return Permission.objects.filter(content_type__app_label="standards", codename__in=codenames)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = list(_catalogue_permissions(apps))
    for group in Group.objects.filter(name__in=EDITORS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = list(_catalogue_permissions(apps))
    for group in Group.objects.filter(name__in=EDITORS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_create_role_groups"),
        ("standards", "0001_catalogue_and_releases"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
