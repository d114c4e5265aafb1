"""The request journey in services: request, lead (and L&D) approve, reserve, book, complete, remind."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_scopes import scope

from leerritme.growth.due import send_transfer_reminders, transfer_reminders_due
from leerritme.growth.models import OfferRequest, RequestEvent, RequestStatus
from leerritme.growth.services.budget import budget_summary
from leerritme.growth.services.requests import (
    offer_request_book,
    offer_request_cancel,
    offer_request_complete,
    offer_request_create,
    offer_request_decide,
)
from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.notifications.models import Notification

PDF = b"%PDF-1.4\n%fake certificate\n"


def ask(person, offer, goal=None, cost=None):
    return offer_request_create(person=person, offer=offer, cost=cost if cost is not None else offer.price,
                                hours=offer.hours, motivation="Ik wil dit leren", goal=goal)


def test_the_whole_journey(budgets, alice, bob, offer, goal):
    request = ask(alice, offer, goal)
    assert request.status == RequestStatus.REQUESTED and request.goal == goal
    assert Notification.objects.filter(person=bob, kind="growth.request_to_decide").exists()
    offer_request_decide(request=request, by=bob, approve=True)
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    summary = budget_summary(alice)
    assert summary.reserved == Decimal("650.00") and summary.available == Decimal("850.00")
    offer_request_book(request=request, by=alice)
    summary = budget_summary(alice)
    assert summary.reserved == Decimal("0.00") and summary.spent == Decimal("650.00")
    evidence = SimpleUploadedFile("certificaat.pdf", PDF, content_type="application/pdf")
    offer_request_complete(request=request, by=alice, apply="Inregelen bij de klant", with_whom="Bob",
                           evidence=evidence)
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED and request.evidence
    assert request.transfer_reminder_on == timezone.localdate() + timedelta(weeks=4)
    event = LearningEvent.objects.get(person=alice, kind=LearningKind.COURSE_COMPLETED)
    assert event.title == offer.title and event.minutes == 16 * 60
    history = list(RequestEvent.objects.filter(request=request).values_list("to_status", "by"))
    assert history == [("requested", alice.pk), ("approved", bob.pk), ("booked", alice.pk), ("completed", alice.pk)]


def test_the_transfer_reminder_comes_four_weeks_later_once(budgets, alice, bob, offer,
                                                           django_capture_on_commit_callbacks):
    request = ask(alice, offer)
    offer_request_decide(request=request, by=bob, approve=True)
    offer_request_complete(request=request, by=alice, apply="Toepassen", with_whom="Het team")
    later = timezone.now() + timedelta(weeks=4, hours=1)
    with scope(organisation=alice.organisation):
        assert transfer_reminders_due(timezone.now()) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert transfer_reminders_due(later) == 1
    assert Notification.objects.filter(person=alice, kind="growth.transfer_reminder").count() == 1
    send_transfer_reminders.call(alice.organisation_id, (later.date()).isoformat())
    assert Notification.objects.filter(person=alice, kind="growth.transfer_reminder").count() == 1
    assert OfferRequest.objects.get(pk=request.pk).transfer_reminded_at is not None


def test_above_the_threshold_l_and_d_approves_too(budgets, alice, bob, carol, dear_offer):
    request = ask(alice, dear_offer)
    assert request.needs_ld
    offer_request_decide(request=request, by=bob, approve=True)
    request.refresh_from_db()
    assert request.status == RequestStatus.LEAD_APPROVED
    assert budget_summary(alice).reserved == Decimal("0.00")
    assert Notification.objects.filter(person=carol, kind="growth.request_to_decide").exists()
    with pytest.raises(PermissionDenied):
        offer_request_decide(request=request, by=bob, approve=True)
    offer_request_decide(request=request, by=carol, approve=True)
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert budget_summary(alice).reserved == Decimal("1200.00")


def test_declining_needs_a_reason_and_reserves_nothing(budgets, alice, bob, offer):
    request = ask(alice, offer)
    with pytest.raises(ValidationError):
        offer_request_decide(request=request, by=bob, approve=False, reason="")
    offer_request_decide(request=request, by=bob, approve=False, reason="Liever volgend jaar")
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED and request.decision_reason == "Liever volgend jaar"
    assert budget_summary(alice).available == Decimal("1500.00")


def test_nobody_decides_on_their_own_request_and_members_do_not_decide(budgets, alice, bob, carol, offer):
    request = ask(alice, offer)
    with pytest.raises(PermissionDenied):
        offer_request_decide(request=request, by=alice, approve=True)
    with pytest.raises(PermissionDenied):
        offer_request_decide(request=request, by=carol, approve=True)


def test_a_request_above_the_remaining_budget_is_refused_and_nothing_is_stored(budgets, alice, offer):
    with pytest.raises(ValidationError) as error:
        ask(alice, offer, cost=Decimal("1500.01"))
    assert "cost" in error.value.message_dict
    with pytest.raises(ValidationError):
        ask(alice, offer, cost=Decimal("-1"))
    assert not OfferRequest.objects.exists() and not RequestEvent.objects.exists()


def test_approving_what_no_longer_fits_is_refused_and_nothing_is_reserved(budgets, alice, bob, offer):
    first, second, third = ask(alice, offer), ask(alice, offer), ask(alice, offer)
    offer_request_decide(request=first, by=bob, approve=True)
    offer_request_decide(request=second, by=bob, approve=True)
    with pytest.raises(ValidationError):
        offer_request_decide(request=third, by=bob, approve=True)
    third.refresh_from_db()
    assert third.status == RequestStatus.REQUESTED
    assert budget_summary(alice).reserved == Decimal("1300.00")


def test_cancelling_an_approved_request_releases_the_reservation(budgets, alice, bob, offer):
    request = ask(alice, offer)
    offer_request_decide(request=request, by=bob, approve=True)
    offer_request_cancel(request=request, by=alice)
    assert budget_summary(alice).available == Decimal("1500.00")
    with pytest.raises(ValidationError):
        offer_request_cancel(request=request, by=alice)


def test_a_goal_of_someone_else_cannot_be_linked(budgets, bob, offer, goal):
    with pytest.raises(ValidationError):
        ask(bob, offer, goal)


@pytest.mark.parametrize(("name", "content"), [
    ("virus.exe", b"MZ..."), ("fake.pdf", b"MZ not a pdf"), ("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024)),
])
def test_evidence_must_be_a_small_pdf_or_image(budgets, alice, bob, offer, name, content):
    request = ask(alice, offer)
    offer_request_decide(request=request, by=bob, approve=True)
    with pytest.raises(ValidationError) as error:
        offer_request_complete(request=request, by=alice, apply="x", with_whom="y",
                               evidence=SimpleUploadedFile(name, content))
    assert "evidence" in error.value.message_dict
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert not LearningEvent.objects.exists()


def test_completing_needs_the_reflection(budgets, alice, bob, offer):
    request = ask(alice, offer)
    offer_request_decide(request=request, by=bob, approve=True)
    with pytest.raises(ValidationError) as error:
        offer_request_complete(request=request, by=alice, apply="", with_whom="")
    assert set(error.value.message_dict) == {"reflection_apply", "reflection_with"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_same_moment_never_overspend(in_org, rule, alice, bob, team, offer):
    """Two leads approve two requests that each fit but not together, at the same moment, on two connections."""
    from conftest import make_person
    from leerritme.growth.services.budget import budget_period_open
    from leerritme.orgs.models import TeamMembership, TeamRole

    erin = make_person(in_org, "erin@vonk.test", "Erin Mulder")
    TeamMembership.objects.create(organisation=in_org, team=team, person=erin, role=TeamRole.LEAD)
    budget_period_open(person=alice, year=timezone.localdate().year)
    requests = [ask(alice, offer, cost=Decimal("900.00")) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(request, lead):
        try:
            with scope(organisation=in_org):
                barrier.wait(timeout=10)
                offer_request_decide(request=request, by=lead, approve=True)
                outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(request, lead))
               for request, lead in zip(requests, (bob, erin), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["approved", "refused"]
    summary = budget_summary(alice)
    assert summary.reserved == Decimal("900.00") and summary.available == Decimal("600.00")
    assert sorted(OfferRequest.objects.values_list("status", flat=True)) == ["approved", "requested"]


def test_without_a_team_lead_l_and_d_decides(rule, carol, org, offer):
    from conftest import make_person
    from leerritme.growth.services.budget import budget_period_open

    erin = make_person(org, "erin@vonk.test", "Erin Mulder")
    budget_period_open(person=erin, year=timezone.localdate().year)
    request = ask(erin, offer)
    assert request.status == RequestStatus.LEAD_APPROVED
    assert Notification.objects.filter(person=carol, kind="growth.request_to_decide").exists()
    offer_request_decide(request=request, by=carol, approve=True)
    assert OfferRequest.objects.get(pk=request.pk).status == RequestStatus.APPROVED
