"""The integrator's webhook pages; included in ``notifications.urls`` (namespace
``notifications``)."""

from django.urls import path

from notifications import views_webhooks as views

urlpatterns = [
    path("meldingen/webhooks/", views.webhook_list, name="webhooks"),
    path("meldingen/webhooks/nieuw/", views.webhook_create, name="webhook_create"),
    path("meldingen/webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("meldingen/webhooks/<int:pk>/nieuw-geheim/", views.webhook_rotate, name="webhook_rotate"),
    path("meldingen/webhooks/<int:pk>/uitzetten/", views.webhook_disable, name="webhook_disable"),
    path("meldingen/webhooks/<int:pk>/aanzetten/", views.webhook_enable, name="webhook_enable"),
    path("meldingen/webhooks/<int:pk>/verwijderen/", views.webhook_delete, name="webhook_delete"),
]
