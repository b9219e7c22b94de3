"""API routes for standards, releases, comparisons and articles (no trailing slashes)."""

from django.urls import path

import standards.converters  # noqa: F401 (registers the <version:…> converter)
from api.standards import views

app_name = "standards"

urlpatterns = [
    path("standards", views.StandardList.as_view(), name="standard-list"),
    path("standards/<slug:slug>", views.StandardDetail.as_view(), name="standard-detail"),
    path("standards/<slug:slug>/releases", views.ReleaseList.as_view(), name="release-list"),
    path(
        "standards/<slug:slug>/releases/<version:version>",
        views.ReleaseDetail.as_view(),
        name="release-detail",
    ),
    path(
        "standards/<slug:slug>/releases/<version:version>/compare/<version:otherVersion>",
        views.ReleaseCompare.as_view(),
        name="release-compare",
    ),
    path("articles/<uuid:articleId>", views.ArticleDetail.as_view(), name="article-detail"),
]
