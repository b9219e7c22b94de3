from django.urls import include, path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", include("notifications.urls_feeds")),
    path("", include("notifications.urls_webhooks")),
    path("", include("notifications.urls_queues")),
    path("meldingen/", views.notification_list, name="notifications"),
    path("meldingen/gelezen/", views.notifications_mark_read, name="mark_read"),
    path("meldingen/abonnementen/", views.subscription_list, name="subscriptions"),
    path("meldingen/volgen/<slug:kind>/<int:pk>/", views.follow, name="follow"),
    path(
        "meldingen/volgen/<slug:kind>/<int:pk>/per-e-mail/",
        views.follow_by_email,
        name="follow_by_email",
    ),
    path("meldingen/bevestigen/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("meldingen/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "meldingen/afmelden-overzicht/<str:token>/",
        views.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
]
