"""Addresses of the pages that show what changed: release comparisons and article histories.

Kept apart from ``standards.urls`` so that none of them can be read as a document or article of a
release: they sit under ``vergelijk/`` and ``geschiedenis/``, never under ``versies/<version>/``.
"""

from django.urls import path

import standards.converters  # noqa: F401 (registers the <version:…> converter)
from standards import views_compare

urlpatterns = [
    path(
        "standaarden/<slug:standard>/vergelijk/",
        views_compare.release_compare_choose,
        name="release_compare_choose",
    ),
    path(
        "standaarden/<slug:standard>/vergelijk/<version:old>/<version:new>/",
        views_compare.release_compare_view,
        name="release_compare",
    ),
    path(
        "standaarden/<slug:standard>/vergelijk/<version:old>/<version:new>/download/<slug:export>/",
        views_compare.release_compare_download,
        name="release_compare_download",
    ),
    path(
        "artikelen/<uuid:key>/geschiedenis/",
        views_compare.article_history_view,
        name="article_history",
    ),
]
