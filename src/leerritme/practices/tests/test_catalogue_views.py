"""The catalogue pages: the list with its filters, a practice, and what L&D admins do with them."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.orgs.models import Team, TeamMembership
from leerritme.practices.catalogue import shipped_by_key
from leerritme.practices.models import Practice
from leerritme.practices.tests import helpers
from leerritme.practices.tests.helpers import adopt, practice

pytestmark = pytest.mark.django_db
english = helpers.english  # the fixture: log in speaking English


def list_url(org, **params):
    from urllib.parse import urlencode

    url = reverse("practices:list", kwargs={"org": org.slug})
    return f"{url}?{urlencode(params)}" if params else url


def detail_url(found):
    return reverse("practices:detail", kwargs={"org": found.organisation.slug, "uuid": found.uuid})


def url(name, found):
    return reverse(f"practices:{name}", kwargs={"org": found.organisation.slug, "uuid": found.uuid})


def form_values(found, **changes):
    from leerritme.practices.catalogue import SHIPPED_FIELDS

    values = {name: getattr(found, name) for name in SHIPPED_FIELDS}
    values["duration_minutes"] = values["duration_minutes"] or ""
    return {**values, **changes}


# --- The list ------------------------------------------------------------------------------------

def test_it_lists_the_whole_shipped_catalogue_on_first_visit(org, alice, english):
    response = english(alice).get(list_url(org))
    assert response.status_code == 200
    assert response.context["practices"] and len(response.context["practices"]) == len(shipped_by_key())
    assert "Lunch &amp; learn" in response.text and "Check-out on the meeting" in response.text


def test_it_shows_the_dutch_text_to_dutch_readers(org, alice, login):
    response = login(alice).get(list_url(org))
    assert "Reflectieronde in het werkoverleg" in response.text


def test_it_filters_by_phase_level_cadence_part_and_search(org, alice, english):
    client = english(alice)
    phase = client.get(list_url(org, kolb_phase="experiment")).context["practices"]
    assert phase and all(p.kolb_phase == "experiment" for p in phase)
    level = client.get(list_url(org, level="organisation")).context["practices"]
    assert level and all(p.level == "organisation" for p in level)
    cadence = client.get(list_url(org, typical_cadence="per_project")).context["practices"]
    assert [p.key for p in cadence] == ["project-evaluation"]
    part = client.get(list_url(org, part="knowledge", level="organisation")).context["practices"]
    assert {p.key for p in part} == {"knowledge-session", "lunch-and-learn", "community-of-practice"}
    found = client.get(list_url(org, q="pizza")).context["practices"]
    assert [p.key for p in found] == ["project-evaluation"]
    found = client.get(list_url(org, q="intervisie")).context["practices"]  # the Dutch name, read in English
    assert [p.key for p in found] == ["intervision"]


def test_it_ignores_a_filter_value_it_does_not_know(org, alice, english):
    response = english(alice).get(list_url(org, kolb_phase="dreaming", level="team"))
    assert response.status_code == 200
    assert all(p.level == "team" for p in response.context["practices"])


def test_it_returns_only_the_results_to_htmx(org, alice, english):
    response = english(alice).get(list_url(org, q="kaizen"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="results"' in response.text and "<html" not in response.text


def test_it_says_which_of_my_teams_practise_it(org, team, alice, english):
    adopt(team, "check-out")
    other = None
    with scopes_disabled():
        other = Team.objects.create(organisation=org, name="Werkplaats")
    adopt(other, "kaizen")
    practices = {p.key: p for p in english(alice).get(list_url(org)).context["practices"]}
    assert practices["check-out"].my_teams == ["Onderhoud"]
    assert practices["kaizen"].my_teams == []  # not alice's team


def test_the_list_costs_the_same_queries_with_many_adoptions(org, team, alice, english, django_assert_max_num_queries):
    client = english(alice)
    client.get(list_url(org))
    with scopes_disabled():
        teams = [Team.objects.create(organisation=org, name=f"Team {i}") for i in range(6)]
        for t in teams:
            TeamMembership.objects.create(organisation=org, team=t, person=alice)
    for i, t in enumerate(teams):
        adopt(t, ["kaizen", "check-out", "mentoring"][i % 3])
    with django_assert_max_num_queries(8):
        response = client.get(list_url(org))
    assert response.status_code == 200


def test_hidden_practices_are_left_out_except_for_admins_who_ask(org, alice, carol, english):
    kaizen = practice(org, "kaizen")
    with scopes_disabled():
        Practice.objects.filter(pk=kaizen.pk).update(is_active=False)
    keys = {p.key for p in english(alice).get(list_url(org, hidden="on")).context["practices"]}
    assert "kaizen" not in keys
    client = english(carol)
    assert "kaizen" not in {p.key for p in client.get(list_url(org)).context["practices"]}
    assert "kaizen" in {p.key for p in client.get(list_url(org, hidden="on")).context["practices"]}


# --- A practice ----------------------------------------------------------------------------------

def test_a_practice_shows_purpose_steps_facts_source_and_the_teams_that_practise_it(org, team, alice, bob, english):
    adoption = adopt(team, "lunch-and-learn", owner=bob, purpose="Every other Thursday someone shows their work.")
    response = english(alice).get(detail_url(adoption.practice))
    assert response.status_code == 200
    text = response.text
    assert "Make a schedule where colleagues can sign up" in text
    assert "All colleagues who want to" in text
    assert "Every two weeks" in text and "Conceptualise" in text and "Organisation" in text
    assert "What a learning culture is and how to build one" in text  # the seed article
    assert "Onderhoud" in text and "Bob Jansen" in text and "Every other Thursday someone shows their work." in text
    assert "No rhythm set yet" in text


def test_a_team_lead_sees_adopt_for_their_team_a_member_does_not(org, team, alice, bob, english):
    found = practice(org, "kaizen")
    adopt_link = url("adopt", found)
    assert adopt_link in english(bob).get(detail_url(found)).text
    assert adopt_link not in english(alice).get(detail_url(found)).text


def test_admins_get_the_edit_propose_and_hide_buttons_members_do_not(org, alice, carol, english):
    found = practice(org, "kaizen")
    admin_page = english(carol).get(detail_url(found)).text
    member_page = english(alice).get(detail_url(found)).text
    for name in ("edit", "propose", "visibility"):
        assert url(name, found) in admin_page
        assert url(name, found) not in member_page


def test_charlie_gets_404_on_the_catalogue_and_its_practices(org, charlie, login):
    found = practice(org)
    client = login(charlie)
    for target in (list_url(org), detail_url(found), url("edit", found), reverse("practices:create", kwargs={
            "org": org.slug})):
        assert client.get(target).status_code == 404
    for name in ("restore", "visibility", "edit"):
        assert client.post(url(name, found), {"visible": "0"}).status_code == 404


def test_another_organisations_practice_is_not_found(org, other_org, alice, login):
    theirs = practice(other_org, "kaizen")
    assert login(alice).get(reverse("practices:detail", kwargs={"org": org.slug, "uuid": theirs.uuid})).status_code \
        == 404


# --- What L&D admins do --------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_and_team_leads_cannot_add_adapt_restore_or_hide(who, org, request, login):
    client = login(request.getfixturevalue(who))
    found = practice(org, "kaizen")
    assert client.get(reverse("practices:create", kwargs={"org": org.slug})).status_code == 403
    assert client.get(url("edit", found)).status_code == 403
    assert client.post(url("edit", found), form_values(found, name_nl="Van mij")).status_code == 403
    assert client.post(url("restore", found)).status_code == 403
    assert client.post(url("visibility", found), {"visible": "0"}).status_code == 403
    with scopes_disabled():
        found.refresh_from_db()
    assert found.is_active and found.name_nl == "Verbeterideeën (kaizen)"


def test_an_admin_adds_an_own_practice_in_one_language(org, carol, english):
    client = english(carol)
    response = client.post(reverse("practices:create", kwargs={"org": org.slug}), {
        "name_nl": "Gereedschapsbus-check", "purpose_nl": "Samen de bus nalopen en leren wat ontbreekt.",
        "howto_nl": "Kies een bus\n\nLoop de lijst na\nBespreek wat ontbreekt\nSpreek af wie aanvult",
        "participants_nl": "Twee monteurs", "duration_minutes": "20", "typical_cadence": "monthly",
        "kolb_phase": "experience", "level": "team", "part": "rhythm", "seed": "Eigen idee",
    })
    with scopes_disabled():
        own = Practice.objects.get(organisation=org, name_nl="Gereedschapsbus-check")
    assert response.status_code == 302 and response["Location"] == detail_url(own)
    assert own.is_own and own.key == "" and own.howto_nl.count("\n") == 3 and own.seed == "Eigen idee"
    # English readers see the Dutch text rather than nothing.
    page = client.get(detail_url(own)).text
    assert "Gereedschapsbus-check" in page and "Eigen idee" in page and "our own practice" in page


def test_an_own_practice_needs_each_text_in_at_least_one_language(org, carol, english):
    response = english(carol).post(reverse("practices:create", kwargs={"org": org.slug}), {
        "name_en": "Half a practice", "typical_cadence": "monthly", "kolb_phase": "experience", "level": "team",
        "part": "rhythm",
    })
    assert response.status_code == 200
    assert "Fill this in, in Dutch or in English (or both)." in response.text
    with scopes_disabled():
        assert not Practice.objects.filter(organisation=org, name_en="Half a practice").exists()


def test_an_own_practice_cannot_take_the_name_of_another(org, carol, english):
    practice(org)
    response = english(carol).post(reverse("practices:create", kwargs={"org": org.slug}), {
        "name_nl": "Lunch & Learn", "purpose_nl": "x", "howto_nl": "x", "participants_nl": "x",
        "typical_cadence": "monthly", "kolb_phase": "experience", "level": "team", "part": "rhythm",
    })
    assert response.status_code == 200 and "already has a practice with this name" in response.text


def test_an_admin_adapts_a_shipped_practice_and_restores_the_original(org, carol, english):
    client = english(carol)
    found = practice(org, "check-out")
    response = client.post(url("edit", found), form_values(
        found, name_en="Check-out at the Monday meeting", howto_nl=found.howto_nl + "\nSchrijf het op het bord."))
    assert response.status_code == 302
    with scopes_disabled():
        found.refresh_from_db()
    assert found.is_adapted and found.name_en == "Check-out at the Monday meeting"
    assert found.howto_nl.endswith("Schrijf het op het bord.")
    assert "Restore the original text" in client.get(detail_url(found)).text

    assert client.post(url("restore", found)).status_code == 302
    with scopes_disabled():
        found.refresh_from_db()
    assert not found.is_adapted and found.name_en == "Check-out on the meeting and how we work together"


def test_changing_a_shipped_practice_back_to_the_original_is_not_adapted(org, carol, english):
    found = practice(org, "check-out")
    english(carol).post(url("edit", found), form_values(found))
    with scopes_disabled():
        found.refresh_from_db()
    assert not found.is_adapted


def test_an_admin_hides_and_shows_a_practice(org, carol, english):
    client = english(carol)
    found = practice(org, "kaizen")
    assert client.post(url("visibility", found), {"visible": "0"}).status_code == 302
    with scopes_disabled():
        found.refresh_from_db()
    assert not found.is_active
    assert client.post(url("visibility", found), {"visible": "1"}).status_code == 302
    with scopes_disabled():
        found.refresh_from_db()
    assert found.is_active


def test_an_owner_manages_the_catalogue_too(org, dave, english):
    found = practice(org, "kaizen")
    assert english(dave).get(url("edit", found)).status_code == 200


def test_a_deactivated_admin_cannot_manage(org, english):
    gone = make_person(org, "gone@vonk.test", "Gone", role="ld_admin")
    client = english(gone)
    with scopes_disabled():
        gone.is_active = False
        gone.save(update_fields=["is_active"])
    assert client.get(reverse("practices:create", kwargs={"org": org.slug})).status_code == 404
