"""Organisation settings (/o/<org>/settings/): owners only."""

import pytest

from leerritme.orgs.models import Organisation

URL = "/o/vonk/settings/"


def _data(**overrides):
    return {"name": "Werkplaats De Vonk", "default_language": "en", "anonymity_threshold": "7", **overrides}


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_it_refuses_people_who_are_not_owners(who, request, login):
    client = login(request.getfixturevalue(who))

    assert client.get(URL).status_code == 403
    assert client.post(URL, _data()).status_code == 403
    assert Organisation.objects.get(slug="vonk").default_language == "nl"


def test_charlie_gets_404(org, charlie, login):
    client = login(charlie)

    assert client.get(URL).status_code == 404
    assert client.post(URL, _data()).status_code == 404


def test_it_asks_visitors_to_log_in(org, client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_it_shows_the_settings_with_the_short_name_not_editable(dave, login):
    html = login(dave).get(URL).content.decode()

    assert 'value="Werkplaats De Vonk"' in html
    assert 'readonly class="form-control-plaintext font-monospace" id="id_slug" value="vonk"' in html
    assert 'name="slug"' not in html
    assert 'for="id_anonymity_threshold"' in html


def test_it_saves_the_settings_for_the_owner(dave, login):
    client = login(dave)

    response = client.post(URL, _data(name="  De Vonk  ", slug="something-else"))

    assert response.status_code == 302
    assert response["Location"] == URL
    organisation = Organisation.objects.get(pk=dave.organisation_id)
    assert organisation.name == "De Vonk"
    assert organisation.slug == "vonk"
    assert (organisation.default_language, organisation.anonymity_threshold) == ("en", 7)


@pytest.mark.parametrize("threshold", ["2", "11", "0", "-5", "many", ""])
def test_it_refuses_a_threshold_outside_3_to_10_with_a_clear_message(dave, login, threshold):
    response = login(dave).post(URL, _data(anonymity_threshold=threshold, name="Changed"))

    assert response.status_code == 200
    assert response.context["form"].errors["anonymity_threshold"] == ["Kies een getal van 3 tot en met 10."]
    assert 'id="id_anonymity_threshold_error"' in response.content.decode()
    organisation = Organisation.objects.get(pk=dave.organisation_id)
    assert (organisation.name, organisation.anonymity_threshold) == ("Werkplaats De Vonk", 5)


@pytest.mark.parametrize("threshold", [3, 10])
def test_it_accepts_the_edges_of_the_threshold(dave, login, threshold):
    login(dave).post(URL, _data(anonymity_threshold=str(threshold)))

    assert Organisation.objects.get(pk=dave.organisation_id).anonymity_threshold == threshold


def test_it_keeps_the_page_header_name_when_the_form_is_invalid(dave, login):
    response = login(dave).post(URL, _data(name=""))

    assert "· Werkplaats De Vonk</title>" in response.content.decode()


def test_team_rankings_are_off_until_an_owner_turns_them_on(org, dave, login):
    """DESIGN.md: rankings exist only between teams, and only when the organisation turns them on."""
    assert org.team_rankings is False
    client = login(dave)
    response = client.post(f"/o/{org.slug}/settings/", {
        "name": org.name, "default_language": "nl", "anonymity_threshold": 5, "team_rankings": "on",
    })
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.team_rankings is True
