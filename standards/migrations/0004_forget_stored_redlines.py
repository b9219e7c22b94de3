"""Forget the redlines stored by the first engine (decision 0021).

Stored redlines are a cache of ``standards.redlines.redline`` per pair of text hashes. The old
ones are still correct (they rebuild both texts) but read differently from what the engine makes
now (a rewritten sentence was a word salad, now it is one deletion and one insertion), and two
comparisons on one page must not disagree in style. Deleting them is safe: a comparison stores
what it misses. Going back keeps the new ones, which the old engine reads just as well.
"""

from django.db import migrations


def forget_stored_redlines(apps, schema_editor):
    apps.get_model("standards", "StoredRedline").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("standards", "0003_stored_redlines"),
    ]

    operations = [
        migrations.RunPython(forget_stored_redlines, migrations.RunPython.noop, elidable=True),
    ]
