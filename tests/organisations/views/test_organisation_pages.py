"""The organisation pages: the list, adding an organisation, an organisation's page, editing it.

Who may see and change what (anonymous → login, other roles → 403 with a Dutch reason, a
contact only their own organisation, the secretariat reads all but edits nothing); what the
organisation's page shows (data, the contracts binding it with their obligation in words, a
region's contracts on its municipalities' pages); refusals that show the form again with the
message and what was typed, and write nothing; query counts that do not grow with the rows.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from accounts.roles import Role
from organisations.constants import OrganisationKind, Province
from organisations.models import Organisation
from tests.factories import OrganisationFactory, UserFactory, contract_on
from tests.organisations.views.conftest import DAYS_LEFT, main, text_of

pytestmark = pytest.mark.django_db

LIST = reverse("organisations:organisation_list")
CREATE = reverse("organisations:organisation_create")


def detail_url(organisation: Organisation) -> str:
    return reverse("organisations:organisation_detail", kwargs={"slug": organisation.slug})


def edit_url(organisation: Organisation) -> str:
    return reverse("organisations:organisation_edit", kwargs={"slug": organisation.slug})


# --- Who may see and change ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login_and_nothing_is_written(client, gemeente):
    """Every page of organisations asks to log in first; a post changes nothing."""
    before = Organisation.objects.count()
    for response in (
        client.get(LIST),
        client.get(CREATE),
        client.post(CREATE, {"kind": OrganisationKind.PROVIDER, "name": "Nieuw BV"}),
        client.get(detail_url(gemeente)),
        client.get(edit_url(gemeente)),
        client.post(edit_url(gemeente), {"email": "x@example.nl"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert Organisation.objects.count() == before
    gemeente.refresh_from_db()
    assert gemeente.email == ""


@pytest.mark.parametrize("roles", [[], [Role.LEGAL_REVIEWER], [Role.RELEASE_MANAGER]])
def test_other_roles_get_403_with_a_dutch_reason(client, gemeente, roles):
    """Without the contact role or the secretariat's permission the pages are refused, saying
    why; nothing is created."""
    client.force_login(UserFactory(username="iemand", roles=roles))
    response = client.get(LIST)
    assert response.status_code == 403
    assert "Deze pagina is voor contactpersonen van organisaties en het secretariaat" in main(
        response
    )
    response = client.post(CREATE, {"kind": OrganisationKind.PROVIDER, "name": "Nieuw BV"})
    assert response.status_code == 403
    assert "voegen organisaties toe" in main(response)
    assert not Organisation.objects.filter(name="Nieuw BV").exists()
    response = client.get(detail_url(gemeente))
    assert response.status_code == 403
    assert "Alleen de contactpersonen van Gemeente Utrecht en het secretariaat" in main(response)


def test_a_contact_sees_only_their_own_organisation_in_the_list(client, contact, gemeente, andere):
    """Even a single organisation is listed; another one is not, and there is no search form."""
    client.force_login(contact)
    response = client.get(LIST)
    assert response.status_code == 200
    page = main(response)
    assert detail_url(gemeente) in page
    assert detail_url(andere) not in page
    assert 'role="search"' not in page
    assert CREATE in page  # contacts add regions and providers


def test_a_contact_without_organisation_is_told_whom_to_ask(client):
    client.force_login(UserFactory(username="nieuw", roles=[Role.ORGANISATION_CONTACT]))
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Vraag het secretariaat van het Ketenbureau" in main(response)


def test_a_contact_may_not_see_or_edit_another_organisation(client, contact, andere):
    client.force_login(contact)
    assert client.get(detail_url(andere)).status_code == 403
    response = client.post(edit_url(andere), {"email": "kaper@example.nl"})
    assert response.status_code == 403
    assert "Alleen de contactpersonen van Gemeente Zeist wijzigen deze gegevens" in main(response)
    andere.refresh_from_db()
    assert andere.email == ""


def test_the_secretariat_reads_every_organisation_but_edits_none(client, secretariat, contract):
    """The secretariat sees the page with its contracts, without the contacts' buttons; editing
    is refused."""
    gemeente = contract.organisation
    client.force_login(secretariat)
    response = client.get(detail_url(gemeente))
    assert response.status_code == 200
    page = main(response)
    assert "Jeugdhulp 2025" in page
    assert edit_url(gemeente) not in page
    assert "Contract toevoegen" not in page
    assert client.get(edit_url(gemeente)).status_code == 403
    response = client.post(edit_url(gemeente), {"email": "secretariaat@example.nl"})
    assert response.status_code == 403
    gemeente.refresh_from_db()
    assert gemeente.email == ""


def test_an_unknown_organisation_is_404(client, contact):
    client.force_login(contact)
    assert (
        client.get(reverse("organisations:organisation_detail", args=["bestaat-niet"])).status_code
        == 404
    )


# --- The secretariat's list ---------------------------------------------------------------------


def test_the_secretariat_searches_by_name_and_cbs_code_and_filters_by_kind_and_province(
    client, secretariat, gemeente, andere, provider
):
    OrganisationFactory(name="Gemeente Groningen", cbs_code="GM0014", province=Province.GRONINGEN)
    client.force_login(secretariat)

    def names(**query) -> set[str]:
        response = client.get(LIST, query)
        assert response.status_code == 200
        return {o.name for o in response.context["page"].object_list}

    assert names() == {"Gemeente Utrecht", "Gemeente Zeist", "Zorg BV", "Gemeente Groningen"}
    assert names(q="zeis") == {"Gemeente Zeist"}
    assert names(q="gm0344") == {"Gemeente Utrecht"}
    assert names(kind=OrganisationKind.PROVIDER) == {"Zorg BV"}
    assert names(province=Province.GRONINGEN) == {"Gemeente Groningen"}
    assert names(kind=OrganisationKind.MUNICIPALITY, province=Province.UTRECHT) == {
        "Gemeente Utrecht",
        "Gemeente Zeist",
    }


def test_a_bad_filter_value_is_an_error_on_the_form_not_a_crash(client, secretariat, gemeente):
    client.force_login(secretariat)
    response = client.get(LIST, {"kind": "kasteel", "q": "utr"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    assert 'value="utr"' in main(response)


def test_the_list_shows_fifty_to_a_page(client, secretariat):
    OrganisationFactory.create_batch(55, kind=OrganisationKind.PROVIDER)
    client.force_login(secretariat)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 50
    assert "pagina 1 van 2" in text_of(first)
    second = client.get(LIST, {"page": 2})
    assert len(second.context["page"].object_list) == 5


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_three_or_fifty_organisations(
    client, secretariat, django_assert_max_num_queries
):
    """Session, user, the permission checks, the unread counter, count and page: pinned."""
    OrganisationFactory.create_batch(3, kind=OrganisationKind.PROVIDER)
    client.force_login(secretariat)
    few = _queries(client, LIST)
    OrganisationFactory.create_batch(47, kind=OrganisationKind.PROVIDER)
    assert _queries(client, LIST) == few
    with django_assert_max_num_queries(9):
        client.get(LIST)


# --- An organisation's page ---------------------------------------------------------------------


def test_the_page_shows_the_data_and_each_contract_with_its_obligation(
    client, contact, contract, today
):
    """Status in words, the release to move to, the deadline and the days left; the summary per
    standard names the current release and the deadline; contacts get their buttons."""
    client.force_login(contact)
    response = client.get(detail_url(contract.organisation))
    assert response.status_code == 200
    text = text_of(response)
    assert "GM0344" in text
    assert "Utrecht" in text
    assert "Jeugdhulp 2025" in text
    assert "Open house" in text
    assert "versie 1.0" in text
    assert "Overstap nodig" in text
    assert "naar CS Jeugd 1.1" in text
    deadline = today + datetime.timedelta(days=DAYS_LEFT)
    assert f"uiterlijk {deadline.day} " in text
    assert f"nog {DAYS_LEFT} dagen" in text
    assert "De huidige versie is 1.1" in text
    assert "1 van de 1 contracten moet overstappen" in text
    page = main(response)
    assert contract.get_absolute_url() in page
    assert edit_url(contract.organisation) in page
    assert reverse("organisations:contract_create", args=[contract.organisation.slug]) in page


def test_an_overdue_contract_says_how_many_days_late(client, contact, contract, releases, today):
    _old, new = releases
    type(new).objects.filter(pk=new.pk).update(
        implementation_deadline=today - datetime.timedelta(days=32)
    )
    client.force_login(contact)
    text = text_of(client.get(detail_url(contract.organisation)))
    assert "Termijn verstreken" in text
    assert "32 dagen te laat" in text


def test_an_up_to_date_contract_says_so(client, contact, releases, gemeente):
    _old, new = releases
    contract_on(new, organisation=gemeente, name="Nieuw contract")
    client.force_login(contact)
    text = text_of(client.get(detail_url(gemeente)))
    assert "Actueel" in text
    assert "Alle lopende contracten zijn op de huidige versie gebaseerd" in text
    assert "Overstap nodig" not in text


def test_a_regions_contract_shows_on_its_municipalities_page_via_the_region(
    client, contact, gemeente, andere, releases
):
    """The municipality's page lists the region's contract "contract van …" and names the region;
    the region's page lists its members. Its contacts may read the region, not edit it."""
    old, _new = releases
    regio = OrganisationFactory(
        kind=OrganisationKind.REGION,
        name="Regio Utrecht-West",
        slug="regio-utrecht-west",
        municipalities=[gemeente, andere],
    )
    region_contract = contract_on(old, organisation=regio, name="Regionaal contract")
    client.force_login(contact)

    text = text_of(client.get(detail_url(gemeente)))
    assert "Regionaal contract contract van Regio Utrecht-West" in text
    assert "Koopt in met Regio Utrecht-West" in text

    response = client.get(detail_url(regio))
    assert response.status_code == 200
    text = text_of(response)
    assert "Deelnemende gemeenten Gemeente Utrecht, Gemeente Zeist" in text
    assert "contract van Regio" not in text
    assert edit_url(regio) not in main(response)
    assert client.get(region_contract.get_absolute_url()).status_code == 200
    assert client.get(edit_url(regio)).status_code == 403


def test_a_provider_page_has_no_contract_table(client, secretariat, provider):
    client.force_login(secretariat)
    text = text_of(client.get(detail_url(provider)))
    assert "12345678" in text
    assert "Contracten en implementatietermijnen" not in text


def test_the_page_costs_the_same_queries_for_one_or_six_contracts(
    client, contact, gemeente, releases, provider, django_assert_max_num_queries
):
    """Contracts, their providers and the standard's releases are read once each."""
    old, new = releases
    contract_on(old, organisation=gemeente, providers=[provider], name="Contract 0")
    client.force_login(contact)
    client.get(detail_url(gemeente))  # fills the content-type cache of the follow button
    one = _queries(client, detail_url(gemeente))
    for n in range(1, 6):
        other = OrganisationFactory(kind=OrganisationKind.PROVIDER)
        contract_on(new if n % 2 else old, organisation=gemeente, providers=[provider, other])
    assert _queries(client, detail_url(gemeente)) == one
    # 11 for the page, +1 for the follow button's subscription.
    with django_assert_max_num_queries(12):
        client.get(detail_url(gemeente))


# --- Adding an organisation --------------------------------------------------------------------


def region_data(*members: Organisation, **fields) -> dict:
    return {
        "kind": OrganisationKind.REGION,
        "name": "Regio Heuvelrug",
        "province": Province.UTRECHT,
        "municipalities": [m.pk for m in members],
        **fields,
    }


def test_a_contact_adds_a_region_of_two_municipalities_and_becomes_its_contact(
    client, contact, gemeente, andere
):
    client.force_login(contact)
    response = client.get(CREATE)
    assert response.status_code == 200
    assert "Gemeente Zeist (Utrecht)" in main(response)
    response = client.post(CREATE, region_data(gemeente, andere))
    regio = Organisation.objects.get(name="Regio Heuvelrug")
    assert response.status_code == 302
    assert response["Location"] == detail_url(regio)
    assert set(regio.municipalities.all()) == {gemeente, andere}
    assert list(regio.contacts.all()) == [contact]


def test_a_region_of_one_municipality_is_refused_at_the_field_keeping_what_was_typed(
    client, contact, gemeente
):
    client.force_login(contact)
    response = client.post(CREATE, region_data(gemeente, email="regio@example.nl"))
    assert response.status_code == 400
    assert response.context["form"].errors["municipalities"] == [
        "Een regio bestaat uit ten minste twee gemeenten."
    ]
    page = main(response)
    assert 'value="Regio Heuvelrug"' in page
    assert 'value="regio@example.nl"' in page
    assert f'value="{gemeente.pk}"' in page and "checked" in page
    assert not Organisation.objects.filter(name="Regio Heuvelrug").exists()


def test_a_provider_with_a_bad_kvk_number_is_refused(client, contact):
    client.force_login(contact)
    data = {"kind": OrganisationKind.PROVIDER, "name": "Thuiszorg BV", "kvk_number": "1234"}
    response = client.post(CREATE, data)
    assert response.status_code == 400
    assert "Een KvK-nummer bestaat uit acht cijfers." in main(response)
    assert 'value="1234"' in main(response)
    assert not Organisation.objects.filter(name="Thuiszorg BV").exists()


def test_a_provider_added_by_a_contact_leads_back_to_the_list(client, contact):
    """Who adds a provider is no contact of it, so the list (not its page) follows."""
    client.force_login(contact)
    data = {"kind": OrganisationKind.PROVIDER, "name": "Thuiszorg BV", "kvk_number": "87654321"}
    response = client.post(CREATE, data)
    assert response.status_code == 302
    assert response["Location"] == LIST
    provider = Organisation.objects.get(name="Thuiszorg BV")
    assert provider.kvk_number == "87654321"
    assert not provider.contacts.exists()


def test_a_duplicate_name_is_refused_at_the_name(client, secretariat, provider):
    client.force_login(secretariat)
    response = client.post(CREATE, {"kind": OrganisationKind.PROVIDER, "name": "zorg bv"})
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [
        "Er is al een organisatie van deze soort met de naam zorg bv."
    ]
    assert Organisation.objects.filter(kind=OrganisationKind.PROVIDER).count() == 1


def test_a_municipality_cannot_be_added_by_hand(client, secretariat):
    client.force_login(secretariat)
    data = {"kind": OrganisationKind.MUNICIPALITY, "name": "Gemeente Nergens"}
    response = client.post(CREATE, data)
    assert response.status_code == 400
    assert response.context["form"].errors["kind"]
    assert not Organisation.objects.filter(name="Gemeente Nergens").exists()


# --- Editing an organisation -------------------------------------------------------------------


def test_a_contact_edits_a_municipality_but_not_its_cbs_name(client, contact, gemeente):
    client.force_login(contact)
    response = client.get(edit_url(gemeente))
    assert response.status_code == 200
    assert 'name="name"' not in main(response)
    assert "GM0344" in main(response)
    response = client.post(
        edit_url(gemeente),
        {"name": "Gemeente Kaapstad", "email": "jeugd@utrecht.example.nl", "kvk_number": ""},
    )
    assert response.status_code == 302
    gemeente.refresh_from_db()
    assert gemeente.name == "Gemeente Utrecht"
    assert gemeente.email == "jeugd@utrecht.example.nl"


def test_a_bad_email_is_refused_keeping_what_was_typed(client, contact, gemeente):
    client.force_login(contact)
    response = client.post(edit_url(gemeente), {"email": "geen-adres", "website": "utrecht.nl"})
    assert response.status_code == 400
    page = main(response)
    assert "Vul een geldig e-mailadres in" in page
    assert 'value="geen-adres"' in page
    gemeente.refresh_from_db()
    assert gemeente.email == ""


def test_a_region_keeps_at_least_two_municipalities(client, contact, gemeente, andere):
    regio = OrganisationFactory(
        kind=OrganisationKind.REGION,
        name="Regio West",
        municipalities=[gemeente, andere],
        contacts=[contact],
    )
    client.force_login(contact)
    response = client.post(edit_url(regio), {"name": "Regio West", "municipalities": [gemeente.pk]})
    assert response.status_code == 400
    assert "ten minste twee gemeenten" in main(response)
    assert set(regio.municipalities.all()) == {gemeente, andere}
