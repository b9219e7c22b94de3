"""The implementation dashboard of the secretariat."""

from django.urls import path

from organisations import views_dashboard

app_name = "adoption"

urlpatterns = [
    path("implementatie/", views_dashboard.adoption_dashboard, name="dashboard"),
    path("implementatie/export.csv", views_dashboard.adoption_export, name="export"),
]
