"""Create one group per role; reversible."""

from django.db import migrations

ROLE_NAMES = [
    "secretariat",
    "legal_reviewer",
    "practical_reviewer",
    "steering_secretary",
    "steering_member",
    "release_manager",
    "organisation_contact",
    "integrator",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, delete_groups)]
