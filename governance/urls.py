from django.urls import path, register_converter

import standards.converters  # noqa: F401 (registers the <version:…> converter)
from governance.views import (
    actions,
    faq,
    public,
    queues,
    releases,
    steering,
    submission,
    tracking,
)


class ChangeRequestNumberConverter:
    regex = r"WV-\d{4}-\d{4,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ChangeRequestNumberConverter, "wv")

app_name = "governance"

ARTICLE = "standaarden/<slug:standard>/versies/<version:version>/<slug:document>/<str:number>/"
DOCUMENT = "standaarden/<slug:standard>/versies/<version:version>/<slug:document>/"

urlpatterns = [
    # Filing a change request (anyone) and confirming the e-mail address.
    path(f"{ARTICLE}wijzigingsverzoek/", submission.submit_article, name="submit_article"),
    path(f"{DOCUMENT}wijzigingsverzoek/", submission.submit_document, name="submit_document"),
    path("wijzigingsverzoeken/voorbeeld/", submission.preview, name="preview"),
    path("wijzigingsverzoeken/vergelijkbaar/", submission.similar, name="similar"),
    path("wijzigingsverzoeken/ontvangen/", submission.received, name="received"),
    path("wijzigingsverzoeken/bevestigen/<str:token>/", submission.confirm, name="confirm"),
    # Following one's own requests: by private tracking link, or logged in.
    path("volgen/<str:token>/", tracking.tracking, name="tracking"),
    path("volgen/<str:token>/aanvullen/", tracking.supply_info, name="tracking_supply_info"),
    path("volgen/<str:token>/intrekken/", tracking.withdraw, name="tracking_withdraw"),
    path("mijn/wijzigingsverzoeken/", tracking.my_change_requests, name="my_change_requests"),
    # Public pages.
    path("wijzigingsverzoeken/", public.change_request_list, name="change_request_list"),
    path(
        "wijzigingsverzoeken/<wv:number>/",
        public.change_request_detail,
        name="change_request_detail",
    ),
    path("standaarden/<slug:standard>/vraag-en-antwoord/", faq.faq_list, name="faq"),
    # Staff: queues and the workflow steps.
    path("werkvoorraad/", queues.queue_overview, name="queues"),
    path("werkvoorraad/<slug:queue>/", queues.queue_detail, name="queue"),
    path(
        "wijzigingsverzoeken/<wv:number>/<slug:step>/",
        actions.change_request_step,
        name="change_request_step",
    ),
    # Composing and publishing releases.
    path("versiebeheer/", releases.release_list, name="releases"),
    path(
        "versiebeheer/<slug:standard>/<version:version>/",
        releases.release_manage,
        name="release_manage",
    ),
    path(
        "versiebeheer/<slug:standard>/<version:version>/<slug:step>/",
        releases.release_step,
        name="release_step",
    ),
    # The steering group.
    path("stuurgroep/", steering.meeting_list, name="meeting_list"),
    path("stuurgroep/nieuw/", steering.meeting_create, name="meeting_create"),
    path("stuurgroep/<int:pk>/", steering.meeting_detail, name="meeting_detail"),
    path("stuurgroep/<int:pk>/agenda/", steering.meeting_build_agenda, name="meeting_build_agenda"),
    path(
        "stuurgroep/<int:pk>/agendapunten/<int:item>/besluit/",
        steering.meeting_decide,
        name="meeting_decide",
    ),
    path("stuurgroep/<int:pk>/publiceren/", steering.meeting_publish, name="meeting_publish"),
    path("stuurgroep/<int:pk>/besluitenlijst/", steering.decision_list, name="decision_list"),
]
