"""The portal pages to manage one's API keys, under ``/api-sleutels/`` (namespace ``api_keys``)."""

from django.urls import path

from api import views_keys as views

app_name = "api_keys"

urlpatterns = [
    path("", views.api_key_list, name="list"),
    path("nieuw/", views.api_key_create, name="create"),
    path("<int:pk>/intrekken/", views.api_key_revoke, name="revoke"),
]
