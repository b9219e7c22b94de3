from django.urls import include, path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", include("notifications.urls_feeds")),
    path("", include("notifications.urls_webhooks")),
    path("meldingen/", views.notification_list, name="notifications"),
    path("meldingen/gelezen/", views.notifications_mark_read, name="mark_read"),
    path("meldingen/abonnementen/", views.subscription_list, name="subscriptions"),
    path("meldingen/volgen/<slug:kind>/<int:pk>/", views.follow, name="follow"),
    path("meldingen/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "meldingen/afmelden-overzicht/<str:token>/",
        views.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
]
