"""The scan pages per role: members answer and read results, L&D builds and opens, leads adopt; charlie 404s."""

import pytest
from django.urls import reverse

from leerritme.practices.catalogue import practices_ensure_catalogue
from leerritme.practices.models import Adoption
from leerritme.scan.models import Instrument, Response, Run, RunToken
from tests.english import in_english

from .conftest import add_people, answers_for


def u(name, **kwargs):
    return reverse(f"scan:{name}", kwargs={"org": "vonk", **kwargs})


def post_answers(client, run, action="submit", **kwargs):
    data = {f"item-{k}": v for k, v in answers_for(run, **kwargs).items()}
    return client.post(u("answer", uuid=run.uuid), {**data, "action": action, "comment": "Goed zo"})


def test_charlie_from_another_organisation_gets_404_everywhere(make_run, team, alice, charlie, login):
    run = make_run([team])
    instrument = run.instrument
    client = login(charlie)
    for url in (u("index"), u("instruments"), u("run_new"), u("instrument", uuid=instrument.uuid),
                u("results", uuid=run.uuid), u("answer", uuid=run.uuid)):
        assert client.get(url).status_code == 404
    for url in (u("run_close", uuid=run.uuid), u("adopt", uuid=run.uuid)):
        assert client.post(url).status_code == 404


def test_members_cannot_manage_instruments_or_runs(make_run, team, alice, login):
    run = make_run([team])
    client = login(alice)
    assert client.get(u("index")).status_code == 200
    for url in (u("instruments"), u("run_new"), u("instrument", uuid=run.instrument.uuid)):
        assert client.get(url).status_code == 403
    assert client.post(u("run_close", uuid=run.uuid)).status_code == 403
    assert client.get(u("results", uuid=run.uuid)).status_code == 200


def test_someone_outside_the_audience_cannot_answer(make_run, hierarchy, alice, login):
    add_people(hierarchy["service"], 1, "serv")
    run = make_run([hierarchy["service"]])
    assert login(alice).get(u("answer", uuid=run.uuid)).status_code == 404


def test_ld_builds_an_instrument_and_opens_a_run_for_two_teams(in_org, carol, hierarchy, login):
    add_people(hierarchy["installatie"], 2, "inst")
    add_people(hierarchy["service"], 2, "serv")
    client = login(carol)
    response = client.post(u("instrument_new"), {"name_nl": "Werkplezier", "name_en": "Enjoying work",
                                                 "scale": "likert5"})
    instrument = Instrument.objects.get(name_nl="Werkplezier")
    assert response.status_code == 302
    # Without statements it cannot open.
    response = client.post(u("run_new"), {"instrument": instrument.pk, "teams": [hierarchy["installatie"].pk],
                                          "opens_on": "2020-01-01", "closes_on": "2099-01-01"})
    assert response.status_code == 200 and not Run.objects.exists()
    client.post(u("instrument", uuid=instrument.uuid), {"dimension_name": "Plezier", "text_nl": "Ik werk graag hier.",
                                                        "text_en": "I like working here."})
    assert instrument.items.count() == 1
    response = client.post(u("run_new"), {"instrument": instrument.pk, "title": "Plezier",
                                          "teams": [hierarchy["installatie"].pk, hierarchy["service"].pk],
                                          "opens_on": "2020-01-01", "closes_on": "2099-01-01"})
    run = Run.objects.get()
    assert response.status_code == 302 and RunToken.objects.filter(run=run).count() == 4
    assert client.get(u("instruments")).status_code == 200
    assert client.get(u("results", uuid=run.uuid)).status_code == 200


def test_answering_saving_a_draft_and_the_refusals(make_run, hierarchy, login):
    people = add_people(hierarchy["installatie"], 2, "inst")
    run = make_run([hierarchy["installatie"]])
    client = login(in_english(people[0]))
    assert client.get(u("answer", uuid=run.uuid)).status_code == 200
    response = post_answers(client, run, action="save")
    assert response.status_code == 302 and not Response.objects.exists()
    assert RunToken.objects.get(person=people[0]).draft
    # Out of scale: refused with a message.
    first = run.instrument.items.first()
    bad = client.post(u("answer", uuid=run.uuid), {f"item-{first.pk}": "9", "action": "submit"})
    assert bad.status_code == 400 and "not on the scale" in bad.content.decode()
    assert post_answers(client, run).status_code == 302
    assert Response.objects.get().comment == "Goed zo"
    again = post_answers(client, run)
    assert again.status_code == 400 and "already answered" in again.content.decode()
    assert Response.objects.count() == 1


def test_results_show_a_team_only_from_the_fifth_answer_and_a_lead_adopts(org, make_run, hierarchy, login):
    practices_ensure_catalogue(org)
    people = add_people(hierarchy["installatie"], 6, "inst", lead=True)
    run = make_run([hierarchy["installatie"]])
    for person in people[:4]:
        post_answers(login(person), run, low_dimension="reflection-time")
    lead = login(people[0])
    page = lead.get(u("results", uuid=run.uuid)).content.decode()
    assert 'id="no-results"' in page
    post_answers(login(people[4]), run, low_dimension="reflection-time")
    lead = login(people[0])
    page = lead.get(u("results", uuid=run.uuid), {"group": hierarchy["installatie"].pk}).content.decode()
    assert 'data-kind="team"' in page and 'data-weak="reflection-time"' in page and 'data-adopt="check-out"' in page
    from leerritme.practices.models import Practice

    practice = Practice.objects.get(key="check-out")
    response = lead.post(u("adopt", uuid=run.uuid), {"team": hierarchy["installatie"].uuid,
                                                     "practice": practice.uuid, "dimension": "Tijd voor reflectie"})
    assert response.status_code == 302
    assert Adoption.objects.get(team=hierarchy["installatie"], practice=practice).owner == people[0]
    # A member who does not lead the team sees the recommendation but no button, and cannot adopt.
    member = login(people[1])
    page = member.get(u("results", uuid=run.uuid), {"group": hierarchy["installatie"].pk}).content.decode()
    assert 'data-weak="reflection-time"' in page and "data-adopt" not in page
    other = Practice.objects.get(key="reflection-round")
    assert member.post(u("adopt", uuid=run.uuid), {"team": hierarchy["installatie"].uuid,
                                                   "practice": other.uuid}).status_code == 403
    assert member.post(u("adopt", uuid=run.uuid), {"team": "nonsense", "practice": other.uuid}).status_code == 404


def test_the_results_page_costs_the_same_queries_with_more_answers(make_run, hierarchy, login, carol,
                                                                   django_assert_max_num_queries):
    people = add_people(hierarchy["installatie"], 15, "inst")
    run = make_run([hierarchy["installatie"]])
    for person in people[:5]:
        post_answers(login(person), run)
    client = login(carol)
    client.get(u("results", uuid=run.uuid))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(u("results", uuid=run.uuid)).status_code == 200
    for person in people[5:]:
        post_answers(login(person), run)
    client = login(carol)
    with CaptureQueriesContext(connection) as many:
        page = client.get(u("results", uuid=run.uuid))
    assert "(15)" in page.content.decode()
    assert len(many) == len(few)


def test_the_home_panel_shows_a_waiting_survey(make_run, team, alice, login):
    make_run([team])
    page = login(alice).get(reverse("home", kwargs={"org": "vonk"})).content.decode()
    assert 'id="scan-panel"' in page and "Scan" in page


@pytest.mark.parametrize("role", ["bob", "carol", "dave"])
def test_every_role_reads_the_index_and_results(role, request, make_run, team, alice, login):
    person = request.getfixturevalue(role)
    run = make_run([team])
    client = login(person)
    assert client.get(u("index")).status_code == 200
    assert client.get(u("results", uuid=run.uuid)).status_code == 200
    if role in ("carol", "dave"):
        assert client.get(u("instruments")).status_code == 200
        assert client.post(u("run_close", uuid=run.uuid)).status_code == 302
