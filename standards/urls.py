from django.urls import include, path

import standards.converters  # noqa: F401 (registers the <version:…> converter)
from standards import views, views_downloads

app_name = "standards"

urlpatterns = [
    path("", include("standards.urls_compare")),
    path("", views.standard_list, name="standard_list"),
    path("artikelen/<uuid:key>/", views.article_identity, name="article_identity"),
    path("standaarden/<slug:standard>/", views.standard_detail, name="standard_detail"),
    path(
        "standaarden/<slug:standard>/download/<version:version>/<slug:export>/",
        views_downloads.release_download,
        name="release_download",
    ),
    path(
        "standaarden/<slug:standard>/versies/<version:version>/",
        views.release_detail,
        name="release_detail",
    ),
    path(
        "standaarden/<slug:standard>/versies/<version:version>/<slug:document>/",
        views.document_detail,
        name="document_detail",
    ),
    path(
        "standaarden/<slug:standard>/versies/<version:version>/<slug:document>/<str:number>/",
        views.article_detail,
        name="article_detail",
    ),
]
