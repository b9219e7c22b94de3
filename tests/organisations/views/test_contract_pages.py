"""The contract pages: adding and correcting a contract, its page with the move and response
forms, "wat is er veranderd voor ons" and "welke tekst gold op datum D".

Contacts see and change only their own organisation's contracts (another organisation's contact
gets 403 on every page and post, the secretariat reads but does not change, anonymous visitors
log in first); a refused post shows the page again with the message at its field and what was
typed, and writes nothing.
"""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from organisations.constants import ProcurementType, ProviderResponseKind
from organisations.models import Contract, ContractMove, ProviderResponse
from standards.constants import ReleaseState
from tests.factories import OrganisationFactory, contract_on, release_with_articles
from tests.organisations.views.conftest import main, text_of

pytestmark = pytest.mark.django_db


def url(name: str, contract: Contract) -> str:
    return reverse(
        f"organisations:{name}", kwargs={"slug": contract.organisation.slug, "pk": contract.pk}
    )


def create_url(organisation) -> str:
    return reverse("organisations:contract_create", kwargs={"slug": organisation.slug})


def contract_data(release, **fields) -> dict:
    return {
        "name": "Wmo begeleiding",
        "release": release.pk,
        "procurement_type": ProcurementType.SAS_WITH_EMVI,
        "starts_on": "2026-01-01",
        "ends_on": "",
        **fields,
    }


def move_data(release, moved_on: datetime.date) -> dict:
    return {"to_release": release.pk, "moved_on": moved_on.isoformat()}


def response_data(provider, release, **fields) -> dict:
    return {
        "provider": provider.pk,
        "release": release.pk,
        "kind": ProviderResponseKind.ACCEPTED,
        "reason": "",
        "responded_on": "2026-11-01",
        **fields,
    }


# --- Who may see and change ---------------------------------------------------------------------


def test_anonymous_visitors_log_in_first_and_nothing_is_written(client, contract, releases, today):
    _old, new = releases
    for response in (
        client.get(create_url(contract.organisation)),
        client.get(url("contract_detail", contract)),
        client.get(url("contract_edit", contract)),
        client.post(url("contract_move", contract), move_data(new, today)),
        client.post(url("provider_response", contract), {}),
        client.get(url("contract_changes", contract)),
        client.get(url("contract_text_on", contract)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not ContractMove.objects.exists()


def test_another_organisations_contact_is_refused_everywhere(
    client, other_contact, andere, contract, releases, provider, today
):
    """View, edit, move, response and the reading pages: 403 with the reason; nothing written."""
    _old, new = releases
    client.force_login(other_contact)
    for response in (
        client.get(url("contract_detail", contract)),
        client.get(url("contract_edit", contract)),
        client.post(url("contract_edit", contract), contract_data(new, name="Gekaapt")),
        client.post(url("contract_move", contract), move_data(new, today)),
        client.post(url("provider_response", contract), response_data(provider, new)),
        client.get(url("contract_changes", contract)),
        client.get(url("contract_text_on", contract)),
        client.post(create_url(contract.organisation), contract_data(new)),
    ):
        assert response.status_code == 403
        assert "Alleen de contactpersonen van Gemeente Utrecht" in main(response)
    contract.refresh_from_db()
    assert contract.name == "Jeugdhulp 2025"
    assert contract.release.version == "1.0"
    assert not ContractMove.objects.exists()
    assert not ProviderResponse.objects.exists()
    assert Contract.objects.count() == 1
    # Nor can the contract be reached through the contact's own organisation's address.
    wrong = reverse(
        "organisations:contract_detail", kwargs={"slug": andere.slug, "pk": contract.pk}
    )
    assert client.get(wrong).status_code == 404


def test_the_secretariat_reads_the_contract_but_changes_nothing(
    client, secretariat, contract, releases, provider, today
):
    _old, new = releases
    client.force_login(secretariat)
    response = client.get(url("contract_detail", contract))
    assert response.status_code == 200
    page = main(response)
    assert "Overstap vastleggen" not in page
    assert url("contract_edit", contract) not in page
    assert client.get(url("contract_changes", contract)).status_code == 200
    assert client.get(url("contract_text_on", contract)).status_code == 200
    assert client.get(url("contract_edit", contract)).status_code == 403
    assert client.post(url("contract_move", contract), move_data(new, today)).status_code == 403
    response = client.post(url("provider_response", contract), response_data(provider, new))
    assert response.status_code == 403
    assert not ContractMove.objects.exists()
    assert not ProviderResponse.objects.exists()


def test_a_municipality_contact_reads_the_regions_contract_but_does_not_change_it(
    client, contact, gemeente, andere, releases, today
):
    old, new = releases
    regio = OrganisationFactory(
        kind="regio", name="Regio West", slug="regio-west", municipalities=[gemeente, andere]
    )
    region_contract = contract_on(old, organisation=regio, name="Regionaal")
    client.force_login(contact)
    assert client.get(url("contract_detail", region_contract)).status_code == 200
    response = client.post(url("contract_move", region_contract), move_data(new, today))
    assert response.status_code == 403
    assert "Alleen de contactpersonen van Regio West" in main(response)
    assert not ContractMove.objects.exists()


# --- Adding and correcting a contract ----------------------------------------------------------


def test_a_contact_adds_a_contract_on_a_published_release(
    client, contact, gemeente, releases, provider
):
    """Only published releases are offered, named with their standard; the standard follows
    from the release."""
    _old, new = releases
    draft = release_with_articles(standard=new.standard, version="1.2", state=ReleaseState.DRAFT)
    client.force_login(contact)
    page = main(client.get(create_url(gemeente)))
    assert "CS Jeugd 1.1" in page
    assert "CS Jeugd 1.0" in page
    assert f'value="{draft.pk}"' not in page
    response = client.post(
        create_url(gemeente), contract_data(new, providers=[provider.pk], ends_on="2028-12-31")
    )
    contract = Contract.objects.get(name="Wmo begeleiding")
    assert response.status_code == 302
    assert response["Location"] == contract.get_absolute_url()
    assert contract.standard == new.standard
    assert contract.release == new
    assert contract.ends_on == datetime.date(2028, 12, 31)
    assert list(contract.providers.all()) == [provider]


def test_a_contract_ending_before_it_starts_is_refused_at_the_end_date(
    client, contact, gemeente, releases
):
    _old, new = releases
    client.force_login(contact)
    response = client.post(create_url(gemeente), contract_data(new, ends_on="2025-06-30"))
    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"] == ["De einddatum ligt vóór de ingangsdatum."]
    page = main(response)
    assert 'value="Wmo begeleiding"' in page
    assert 'value="2025-06-30"' in page
    assert not Contract.objects.exists()


def test_a_draft_release_cannot_be_chosen(client, contact, gemeente, releases):
    _old, new = releases
    draft = release_with_articles(standard=new.standard, version="1.2", state=ReleaseState.DRAFT)
    client.force_login(contact)
    response = client.post(create_url(gemeente), contract_data(draft))
    assert response.status_code == 400
    assert response.context["form"].errors["release"] == [
        "Kies een gepubliceerde versie uit de lijst."
    ]
    assert not Contract.objects.exists()


def test_a_provider_holds_no_contracts_of_its_own(client, provider, contact):
    provider.contacts.add(contact)
    client.force_login(contact)
    response = client.get(create_url(provider))
    assert response.status_code == 403
    assert "Alleen gemeenten en regio's leggen contracten vast." in text_of(response)


def test_a_contact_corrects_the_contract_but_not_its_release(
    client, contact, contract, releases, provider
):
    _old, new = releases
    client.force_login(contact)
    response = client.get(url("contract_edit", contract))
    assert 'value="Jeugdhulp 2025"' in main(response)
    assert 'name="release"' not in main(response)
    data = contract_data(new, name="Jeugdhulp 2025-2028", starts_on=contract.starts_on.isoformat())
    response = client.post(url("contract_edit", contract), data)
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.name == "Jeugdhulp 2025-2028"
    assert contract.release.version == "1.0"
    assert not contract.providers.exists()


def test_a_start_after_the_first_move_is_refused_at_the_start_date(
    client, contact, contract, releases, today
):
    _old, new = releases
    ContractMove.objects.create(
        contract=contract, from_release=contract.release, to_release=new, moved_on=today
    )
    later = (today + datetime.timedelta(days=10)).isoformat()
    client.force_login(contact)
    response = client.post(url("contract_edit", contract), contract_data(new, starts_on=later))
    assert response.status_code == 400
    assert "kan niet later ingaan" in response.context["form"].errors["starts_on"][0]
    assert f'value="{later}"' in main(response)
    contract.refresh_from_db()
    assert contract.starts_on != datetime.date.fromisoformat(later)


# --- A contract's page ------------------------------------------------------------------------


def test_the_page_shows_the_obligation_providers_and_forms(client, contact, contract, today):
    client.force_login(contact)
    response = client.get(url("contract_detail", contract))
    assert response.status_code == 200
    text = text_of(response)
    assert "Overstap nodig" in text
    assert "moet over naar versie 1.1" in text
    assert "nog 150 dagen" in text
    assert "Zorg BV" in text
    assert "Nog geen reactie" in text
    assert "Er is nog geen overstap vastgelegd" in text
    page = main(response)
    assert url("contract_changes", contract) in page
    assert url("contract_text_on", contract) in page
    assert 'id="id_move_to_release"' in page
    assert 'id="id_response_provider"' in page


def test_recording_a_move_moves_the_contract_and_shows_it(
    client, contact, contract, releases, today
):
    _old, new = releases
    client.force_login(contact)
    response = client.post(url("contract_move", contract), move_data(new, today))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.release == new
    move = ContractMove.objects.get()
    assert (move.from_release.version, move.to_release.version) == ("1.0", "1.1")
    assert move.recorded_by == contact
    text = text_of(client.get(url("contract_detail", contract)))
    assert "De overstap naar versie 1.1 is vastgelegd." in text
    assert "Actueel" in text
    assert "contact-gemeente" in text
    assert "Er is geen nieuwere gepubliceerde versie" in text


def test_a_move_before_the_release_was_published_is_refused_with_what_was_typed(
    client, contact, contract, releases
):
    _old, new = releases
    too_early = new.published_on - datetime.timedelta(days=1)
    client.force_login(contact)
    response = client.post(url("contract_move", contract), move_data(new, too_early))
    assert response.status_code == 400
    form = response.context["move_form"]
    assert "is pas op" in form.errors["moved_on"][0]
    page = main(response)
    assert f'value="{too_early.isoformat()}"' in page
    assert 'aria-invalid="true"' in page
    contract.refresh_from_db()
    assert contract.release.version == "1.0"
    assert not ContractMove.objects.exists()


def test_a_move_with_a_bad_date_is_refused_at_the_date(client, contact, contract, releases):
    _old, new = releases
    client.force_login(contact)
    response = client.post(url("contract_move", contract), {"to_release": new.pk, "moved_on": "x"})
    assert response.status_code == 400
    assert response.context["move_form"].errors["moved_on"] == [
        "Vul een geldige datum in, bijvoorbeeld 1-3-2027."
    ]
    assert not ContractMove.objects.exists()


def test_the_move_address_only_takes_posts(client, contact, contract):
    client.force_login(contact)
    assert client.get(url("contract_move", contract)).status_code == 405


def test_a_refusal_needs_a_reason_and_keeps_what_was_typed(
    client, contact, contract, releases, provider
):
    _old, new = releases
    client.force_login(contact)
    data = response_data(
        provider, new, kind=ProviderResponseKind.REFUSED, responded_on="2026-11-02"
    )
    response = client.post(url("provider_response", contract), data)
    assert response.status_code == 400
    assert response.context["response_form"].errors["reason"] == [
        "Een aanbieder weigert alleen met een goede reden: vul de reden in."
    ]
    page = main(response)
    assert 'value="2026-11-02"' in page
    assert re.search(r'<input type="radio" name="kind" value="refused"[^>]* checked', page)
    assert not ProviderResponse.objects.exists()


def test_a_refusal_shows_its_consequence(client, contact, contract, releases, provider):
    """The contract with that provider ends per the refused release's effective date."""
    _old, new = releases
    client.force_login(contact)
    data = response_data(
        provider, new, kind=ProviderResponseKind.REFUSED, reason="Tarief dekt de kosten niet."
    )
    response = client.post(url("provider_response", contract), data)
    assert response.status_code == 302
    refusal = ProviderResponse.objects.get()
    assert refusal.is_refusal
    assert refusal.recorded_by == contact
    text = text_of(client.get(url("contract_detail", contract)))
    day = new.effective_on
    months = (
        "januari februari maart april mei juni juli augustus september oktober november december"
    )
    expected_day = f"{day.day} {months.split()[day.month - 1]} {day.year}"
    assert f"Geweigerd: het contract met Zorg BV eindigt per {expected_day} (art. 3.30)." in text
    assert "Tarief dekt de kosten niet." in text
    assert "Register van reacties (art. 3.30.4)" in text


def test_an_acceptance_is_recorded(client, contact, contract, releases, provider):
    _old, new = releases
    client.force_login(contact)
    response = client.post(url("provider_response", contract), response_data(provider, new))
    assert response.status_code == 302
    assert ProviderResponse.objects.get().kind == ProviderResponseKind.ACCEPTED
    text = text_of(client.get(url("contract_detail", contract)))
    assert "Het contract loopt door op de nieuwe versie." in text


def test_a_provider_of_another_contract_is_refused(client, contact, contract, releases):
    _old, new = releases
    stranger = OrganisationFactory(kind="aanbieder", name="Vreemd BV")
    client.force_login(contact)
    response = client.post(url("provider_response", contract), response_data(stranger, new))
    assert response.status_code == 400
    assert response.context["response_form"].errors["provider"]
    assert not ProviderResponse.objects.exists()


def test_the_contract_page_costs_the_same_queries_with_or_without_history(
    client, contact, contract, releases, provider, today, django_assert_max_num_queries
):
    """Moves, responses and providers are read once each, however many there are."""
    old, new = releases
    client.force_login(contact)
    with CaptureQueriesContext(connection) as bare:
        assert client.get(url("contract_detail", contract)).status_code == 200
    newest = release_with_articles(
        standard=new.standard,
        version="1.2",
        identities=[new.article_versions.get().article],
        published_on=today - datetime.timedelta(days=2),
    )
    for n, release in enumerate((new, newest)):
        ContractMove.objects.create(
            contract=contract,
            from_release=old if n == 0 else new,
            to_release=release,
            moved_on=today,
        )
        for other in (provider, OrganisationFactory(kind="aanbieder")):
            contract.providers.add(other)
            ProviderResponse.objects.create(
                contract=contract,
                provider=other,
                release=release,
                kind=ProviderResponseKind.ACCEPTED,
                responded_on=today,
            )
    Contract.objects.filter(pk=contract.pk).update(release=newest)
    # Still a newer release to move to, so that the move form is on both pages.
    release_with_articles(
        standard=new.standard, version="1.3", published_on=today - datetime.timedelta(days=1)
    )
    with CaptureQueriesContext(connection) as full:
        assert client.get(url("contract_detail", contract)).status_code == 200
    assert len(full) == len(bare)
    with django_assert_max_num_queries(16):
        client.get(url("contract_detail", contract))


# --- What changed for us ------------------------------------------------------------------------


def test_what_changed_shows_the_summary_the_was_wordt_table_and_the_downloads(
    client, contact, contract
):
    client.force_login(contact)
    response = client.get(url("contract_changes", contract))
    assert response.status_code == 200
    text = text_of(response)
    assert "gebaseerd op CS Jeugd versie 1.0" in text
    assert "Samenvatting" in text
    assert "Was-wordt-tabel van Deel 3: Generiek, versie 1.0 naar 1.1" in text
    assert "binnen tien dagen" in text and "binnen vijf dagen" in text
    assert "volstaat een e-mail met de was-wordt-tabel" in text
    page = main(response)
    for export in ("word", "was-wordt", "pdf"):
        download = reverse(
            "standards:release_compare_download",
            kwargs={"standard": "cs-jeugd", "old": "1.0", "new": "1.1", "export": export},
        )
        assert download in page


def test_what_changed_is_cumulative_over_every_release_in_between(
    client, contact, contract, releases, today
):
    """A contract on 1.0 with 1.1 and 1.2 published sees 1.0 against 1.2: both changes."""
    _old, new = releases
    identities = [new.article_versions.get().article]
    release_with_articles(
        standard=new.standard,
        version="1.2",
        articles=[
            ("3.1", "Levering", "De aanbieder levert binnen vijf werkdagen."),
            ("3.2", "Facturatie", "De aanbieder factureert maandelijks."),
        ],
        identities=identities,
        published_on=today - datetime.timedelta(days=5),
        effective_on=today + datetime.timedelta(days=90),
        implementation_deadline=today + datetime.timedelta(days=180),
    )
    client.force_login(contact)
    response = client.get(url("contract_changes", contract))
    text = text_of(response)
    assert "versie 1.0 naar 1.2" in text
    assert "Tussenliggende versies 1.1, 1.2" in text
    assert "binnen tien dagen" in text
    assert "Facturatie" in text
    # The deadline is 1.1's: the earliest of the releases it missed.
    assert "nog 150 dagen" in text


def test_what_changed_says_so_when_the_contract_is_up_to_date(client, contact, gemeente, releases):
    _old, new = releases
    current = contract_on(new, organisation=gemeente, name="Nieuw")
    client.force_login(contact)
    text = text_of(client.get(url("contract_changes", current)))
    assert "de huidige versie. Er is niets veranderd." in text
    assert "Was-wordt-tabel" not in text


# --- The text on a day ----------------------------------------------------------------------------


def test_the_text_on_a_day_follows_the_moves(client, contact, contract, releases, today):
    old, new = releases
    moved_on = today - datetime.timedelta(days=10)
    ContractMove.objects.create(
        contract=contract, from_release=old, to_release=new, moved_on=moved_on
    )
    Contract.objects.filter(pk=contract.pk).update(release=new)
    client.force_login(contact)
    page_url = url("contract_text_on", contract)

    before = client.get(page_url, {"datum": (moved_on - datetime.timedelta(days=1)).isoformat()})
    assert "gold toen CS Jeugd versie 1.0" in text_of(before)
    assert old.get_absolute_url() in main(before)

    on_the_day = client.get(page_url, {"datum": moved_on.isoformat()})
    assert "gold toen CS Jeugd versie 1.1" in text_of(on_the_day)
    assert new.get_absolute_url() in main(on_the_day)


def test_a_day_outside_the_term_says_the_contract_did_not_run(client, contact, contract):
    client.force_login(contact)
    day = (contract.starts_on - datetime.timedelta(days=1)).isoformat()
    text = text_of(client.get(url("contract_text_on", contract), {"datum": day}))
    assert "Het contract liep toen niet." in text


def test_an_invalid_day_is_a_form_error_keeping_what_was_typed(client, contact, contract):
    client.force_login(contact)
    response = client.get(url("contract_text_on", contract), {"datum": "31-02-2026"})
    assert response.status_code == 200
    assert response.context["form"].errors["datum"] == [
        "Vul een geldige datum in, bijvoorbeeld 1-3-2027."
    ]
    assert 'value="31-02-2026"' in main(response)
    assert "gold toen" not in text_of(response)


def test_without_a_day_the_page_only_asks(client, contact, contract):
    client.force_login(contact)
    response = client.get(url("contract_text_on", contract))
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert "Er ging iets mis" not in main(response)
