"""The growth pages: the journey through the views, roles, charlie's 404s, bad input, constant query counts."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from leerritme.growth.models import LearningPath, OfferRequest, PathStep, RequestStatus, TimeBlock
from leerritme.growth.services.budget import budget_period_open, budget_summary
from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.orgs.models import TeamMembership


def u(name, **kwargs):
    return reverse(f"growth:{name}", kwargs={"org": "vonk", **kwargs})


def test_the_journey_through_the_pages(budgets, login, alice, bob, offer, goal):
    client = login(alice)
    assert client.get(u("offer", uuid=offer.uuid)).status_code == 200
    response = client.post(u("request_new", uuid=offer.uuid), {"cost": "650,00", "hours": "16", "goal": goal.pk,
                                                               "motivation": "Voor de klanten"})
    request = OfferRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == u("request", uuid=request.uuid)
    assert request.goal == goal and request.cost == Decimal("650.00")
    lead = login(bob)
    assert lead.post(u("request_decide", uuid=request.uuid), {"decision": "approve"}).status_code == 302
    assert budget_summary(alice).reserved == Decimal("650.00")
    html = login(alice).get(u("budget")).content.decode()
    assert 'id="budget-reserved"' in html and "650" in html
    client = login(alice)
    evidence = SimpleUploadedFile("bewijs.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    response = client.post(u("request_complete", uuid=request.uuid), {
        "reflection_apply": "Inregelen", "reflection_with": "Bob", "evidence": evidence})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert offer.title in client.get(u("record")).content.decode()
    download = client.get(u("request_evidence", uuid=request.uuid))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_request_above_the_budget_shows_the_message_and_stores_nothing(budgets, login, alice, offer):
    response = login(alice).post(u("request_new", uuid=offer.uuid), {"cost": "5000", "motivation": "x"})
    assert response.status_code == 200 and 'invalid-feedback' in response.content.decode()
    response = login(alice).post(u("request_new", uuid=offer.uuid), {"cost": "veel", "motivation": "x"})
    assert response.status_code == 200 and 'invalid-feedback' in response.content.decode()
    assert not OfferRequest.objects.exists()


def test_declining_without_a_reason_is_refused(budgets, login, alice, bob, offer):
    from leerritme.growth.services.requests import offer_request_create

    request = offer_request_create(person=alice, offer=offer, cost=offer.price, hours=1, motivation="m")
    login(bob).post(u("request_decide", uuid=request.uuid), {"decision": "decline", "reason": ""})
    request.refresh_from_db()
    assert request.status == RequestStatus.REQUESTED


def test_members_cannot_decide_or_see_a_colleagues_request(budgets, login, alice, carol, offer, org):
    from leerritme.growth.services.requests import offer_request_create

    request = offer_request_create(person=alice, offer=offer, cost=offer.price, hours=1, motivation="m")
    erin = make_person(org, "erin@vonk.test", "Erin")
    assert login(erin).get(u("request", uuid=request.uuid)).status_code == 403
    assert login(erin).post(u("request_decide", uuid=request.uuid), {"decision": "approve"}).status_code == 403
    assert login(carol).get(u("request", uuid=request.uuid)).status_code == 200


@pytest.mark.parametrize("name", ["index", "budget", "catalogue", "requests", "plan", "time", "paths", "record"])
def test_every_member_page_opens(budgets, login, alice, name):
    assert login(alice).get(u(name)).status_code == 200


def test_l_and_d_pages_are_for_l_and_d(budgets, login, alice, carol, dave, team):
    for name in ("organisation_budget", "rules", "offer_new", "offer_import", "organisation_time"):
        assert login(alice).get(u(name)).status_code == 403
        assert login(carol).get(u(name)).status_code == 200
    assert login(dave).get(u("organisation_budget")).status_code == 200


def test_a_lead_sees_the_team_and_a_member_does_not(budgets, login, alice, bob, team):
    for name in ("team_budget", "team_time", "team_plans"):
        assert login(bob).get(u(name, uuid=team.uuid)).status_code == 200
        assert login(alice).get(u(name, uuid=team.uuid)).status_code == 403
    assert login(bob).get(u("person_budget", uuid=alice.uuid)).status_code == 200
    assert login(alice).get(u("person_budget", uuid=bob.uuid)).status_code == 403


def test_charlie_gets_404_everywhere(budgets, login, charlie, alice, team, offer, goal):
    from leerritme.growth.services.requests import offer_request_create

    request = offer_request_create(person=alice, offer=offer, cost=offer.price, hours=1, motivation="m")
    client = login(charlie)
    for name, kwargs in [("index", {}), ("budget", {}), ("catalogue", {}), ("offer", {"uuid": offer.uuid}),
                         ("request", {"uuid": request.uuid}), ("team_budget", {"uuid": team.uuid}),
                         ("person_budget", {"uuid": alice.uuid}), ("plan_year", {"uuid": goal.plan.uuid}),
                         ("record", {}), ("record_pdf", {})]:
        assert client.get(u(name, **kwargs)).status_code == 404, name
    assert client.post(u("request_decide", uuid=request.uuid), {"decision": "approve"}).status_code == 404


def test_the_team_overview_costs_the_same_for_more_people(budgets, login, bob, team, org,
                                                          django_assert_max_num_queries):
    client = login(bob)
    client.get(u("team_budget", uuid=team.uuid))
    for number in range(8):
        person = make_person(org, f"p{number}@vonk.test", f"Persoon {number}")
        TeamMembership.objects.create(organisation=org, team=team, person=person)
        budget_period_open(person=person, year=timezone.localdate().year)
    with django_assert_max_num_queries(14):
        response = client.get(u("team_budget", uuid=team.uuid))
    assert response.content.decode().count("/budget/people/") >= 10


def test_the_organisation_overview_costs_the_same_for_more_people(budgets, login, carol, team, org,
                                                                  django_assert_max_num_queries):
    for number in range(10):
        person = make_person(org, f"q{number}@vonk.test", f"Persoon {number}")
        TeamMembership.objects.create(organisation=org, team=team, person=person)
        budget_period_open(person=person, year=timezone.localdate().year)
    client = login(carol)
    client.get(u("organisation_budget"))
    with django_assert_max_num_queries(16):
        assert client.get(u("organisation_budget")).status_code == 200


def test_plan_notes_stay_between_person_and_lead(login, alice, bob, carol, in_org):
    client = login(alice)
    client.get(u("plan"))
    from leerritme.growth.models import DevelopmentPlan

    plan = DevelopmentPlan.objects.get(person=alice)
    client.post(u("note_add", uuid=plan.uuid), {"held_on": timezone.localdate().isoformat(), "text": "Vertrouwelijk"})
    assert "Vertrouwelijk" in login(bob).get(u("plan_year", uuid=plan.uuid)).content.decode()
    assert login(carol).get(u("plan_year", uuid=plan.uuid)).status_code == 403


def test_registering_learning_time_records_learning(rule, login, alice):
    client = login(alice)
    response = client.post(u("time"), {"form": "entry", "on": timezone.localdate().isoformat(), "minutes": "90",
                                       "kind": "informal", "note": "Handleiding gelezen"})
    assert response.status_code == 302
    assert LearningEvent.objects.get(person=alice).kind == LearningKind.LEARNING_TIME
    response = client.post(u("time"), {"form": "block", "title": "Leertijd", "weekday": "4", "every": "1",
                                       "at": "14:00", "duration_minutes": "120",
                                       "start_date": timezone.localdate().isoformat()})
    assert response.status_code == 302 and TimeBlock.objects.filter(person=alice).exists()


def test_following_a_path_to_the_end_counts_in_the_record(login, alice, carol, in_org):
    path = LearningPath.objects.create(organisation=in_org, title="Veilig werken", author=carol, published=True)
    steps = [PathStep.objects.create(organisation=in_org, path=path, position=i, title=f"Stap {i}") for i in (1, 2)]
    client = login(alice)
    client.post(u("path_follow", uuid=path.uuid))
    for step in steps:
        client.post(u("step_done", uuid=path.uuid, step=step.uuid), {"note": "gedaan"})
    assert LearningEvent.objects.filter(person=alice, title="Veilig werken").exists()


def test_the_record_exports_csv_and_pdf(login, alice, in_org):
    from leerritme.learning.services import learning_event_record

    learning_event_record(person=alice, kind=LearningKind.COURSE_COMPLETED, title="=SUM(A1) Cursus")
    client = login(alice)
    csv = client.get(u("record_csv"))
    assert csv["Content-Type"].startswith("text/csv") and "'=SUM(A1) Cursus" in csv.content.decode()
    pdf = client.get(u("record_pdf"))
    assert pdf.content.startswith(b"%PDF")


def test_private_items_do_not_show_in_someone_elses_view_of_the_record(login, alice, bob, in_org):
    from leerritme.learning.services import learning_event_record

    learning_event_record(person=alice, kind=LearningKind.OTHER, title="Privé notitie")
    assert "Privé notitie" in login(alice).get(u("record")).content.decode()
    assert "Privé notitie" not in login(bob).get(u("person_record", uuid=alice.uuid)).content.decode()
    assert "Privé" not in login(bob).get(u("person_record_csv", uuid=alice.uuid)).content.decode()


def test_the_record_and_the_requests_list_do_not_grow_in_queries(budgets, login, alice, bob, offer, in_org,
                                                                 django_assert_max_num_queries):
    from leerritme.growth.services.requests import offer_request_create
    from leerritme.learning.services import learning_event_record

    client = login(alice)
    client.get(u("record"))
    client.get(u("requests"))
    for number in range(6):
        learning_event_record(person=alice, kind=LearningKind.LEARNING_TIME, title=f"Gelezen {number}", minutes=30)
        offer_request_create(person=alice, offer=offer, cost=Decimal("10"), hours=1, motivation="m")
    with django_assert_max_num_queries(12):
        assert client.get(u("record")).content.decode().count("Gelezen") == 6
    with django_assert_max_num_queries(12):
        assert client.get(u("requests")).status_code == 200
    lead = login(bob)
    lead.get(u("requests"))
    with django_assert_max_num_queries(12):
        assert lead.get(u("requests")).content.decode().count(offer.title) >= 6


def test_my_record_shows_what_outside_tools_reported_and_nobody_else_sees_it(login, alice, bob, in_org):
    """Issue 10: the personal learning record shows in-app and outside learning together."""
    from leerritme.xapi.services.clients import client_create
    from leerritme.xapi.services.statements import statements_store

    client, _secret = client_create(organisation=in_org, name="Academy")
    statements_store(organisation_id=in_org.pk, client=client, statements=[{
        "actor": {"mbox": f"mailto:{alice.user.email}", "objectType": "Agent"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
        "object": {"id": "https://academy.example/courses/veilig-werken",
                   "definition": {"name": {"nl-NL": "Veilig werken op hoogte"}}},
        "result": {"score": {"scaled": 0.8}},
    }])
    mine = login(alice).get(u("record")).content.decode()
    assert "Veilig werken op hoogte" in mine and "Academy" in mine
    assert "Veilig werken op hoogte" not in login(bob).get(u("person_record", uuid=alice.uuid)).content.decode()
