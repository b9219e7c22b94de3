"""Following a work queue; included in ``notifications.urls`` (namespace ``notifications``)."""

from django.urls import path

from notifications import views_queues as views

urlpatterns = [
    path(
        "meldingen/werkvoorraad/<slug:queue>/volgen/",
        views.queue_follow_toggle,
        name="follow_queue",
    ),
]
