"""Data migrations of the catalogue."""

from importlib import import_module

from django.apps import apps

import pytest

from standards.models import StoredRedline
from standards.redlines import redline
from standards.services.redlines import redlines_for
from tests.factories import release_with_articles

pytestmark = pytest.mark.django_db

forgetting = import_module("standards.migrations.0004_forget_stored_redlines")


def test_forgetting_stored_redlines_leaves_comparisons_working():
    """0004 deletes every stored redline; the next comparison stores it again, as the engine of
    today makes it."""
    old = release_with_articles(version="1.0", articles=[("3.1", "Levering", "Binnen 5 dagen.")])
    new = release_with_articles(
        standard=old.standard,
        version="1.1",
        articles=[("3.1", "Levering", "Binnen 3 dagen.")],
        identities=[old.article_versions.get().article],
    )
    pair = (old.article_versions.get(), new.article_versions.get())
    redlines_for([pair])
    assert StoredRedline.objects.count() == 1

    forgetting.forget_stored_redlines(apps, None)

    assert StoredRedline.objects.count() == 0
    stored = redlines_for([pair])
    assert StoredRedline.objects.count() == 1
    assert stored[(pair[0].content_hash, pair[1].content_hash)].html == (
        redline("Binnen 5 dagen.", "Binnen 3 dagen.").html
    )
