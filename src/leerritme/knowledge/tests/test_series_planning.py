"""Series plan their own sessions with an open place for a speaker; colleagues claim it or the organiser names one."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from leerritme.knowledge.calendar import session_entries
from leerritme.knowledge.kinds import SESSION_CHANGED, SPEAKER_ASKED, SPEAKER_CLAIMED
from leerritme.knowledge.models import KnowledgeSession, SessionSeries, SessionStatus
from leerritme.knowledge.planning import plan_series_sessions, series_sessions_due
from leerritme.knowledge.services import sessions as services
from leerritme.knowledge.services.sessions import SeriesInput
from leerritme.knowledge.tests import helpers
from leerritme.knowledge.tests.helpers import url
from leerritme.notifications.models import Notification
from leerritme.scheduler.registry import registered_due_work

pytestmark = pytest.mark.django_db
english = helpers.english


def next_monday_noon(weeks=0):
    now = timezone.localtime()
    day = now.date() + timedelta(days=(7 - now.weekday()) % 7 or 7) + timedelta(weeks=weeks)
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12, 0))


def series(organiser, *, first=None, interval=2, ahead=6, team=None, **extra):
    with scope(organisation=organiser.organisation):
        return services.series_create(
            organiser=organiser, organisation_id=organiser.organisation_id, team=team,
            values=SeriesInput(title="Iemand vertelt", interval_weeks=interval, weeks_ahead=ahead,
                               first_starts_at=first or next_monday_noon(), duration_minutes=45,
                               location="Kantine", **extra))


def planned(found):
    with scopes_disabled():
        return list(found.sessions.filter(status=SessionStatus.PLANNED).select_related("speaker")
                    .order_by("starts_at"))


def test_a_series_plans_its_sessions_ahead_with_an_open_place(org, bob, in_org):
    found = series(bob, interval=2, ahead=6)
    sessions = planned(found)
    first = next_monday_noon()
    # Every two weeks within six weeks of now: the first Monday and two more.
    assert [s.starts_at for s in sessions] == [first + timedelta(weeks=w) for w in (0, 2, 4)]
    assert all(s.speaker is None and s.open_slot and s.location == "Kantine" for s in sessions)
    assert all(timezone.localtime(s.starts_at).hour == 12 for s in sessions)
    assert sessions[0].ends_at - sessions[0].starts_at == timedelta(minutes=45)
    assert sessions[0].created_by == bob and sessions[0].title == "Iemand vertelt"


def test_planning_again_adds_only_new_slots_and_respects_a_cancelled_one(org, bob, in_org):
    found = series(bob, interval=1, ahead=3)
    first, second = planned(found)[:2]
    services.session_cancel(session=second, by=bob)
    assert services.series_plan(found) == 0
    later = timezone.now() + timedelta(weeks=2)
    added = services.series_plan(found, now=later)
    assert added == 2
    starts = [s.starts_at for s in planned(found)]
    assert second.starts_at not in starts and len(starts) == len(set(starts))


def test_the_scheduler_plans_through_its_due_work(org, bob, in_org, django_capture_on_commit_callbacks):
    assert "knowledge.series_sessions" in [w.name for w in registered_due_work()]
    found = series(bob, interval=1, ahead=2)
    before = len(planned(found))
    later = timezone.now() + timedelta(weeks=3)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert series_sessions_due(later) == 1
    assert len(callbacks) == 1
    assert plan_series_sessions.call(org.pk, later.isoformat()) >= 2
    assert len(planned(found)) > before
    # Idempotent: the same run again adds nothing.
    assert plan_series_sessions.call(org.pk, later.isoformat()) == 0


def test_a_series_without_a_first_session_is_planned_by_hand(org, bob, in_org):
    with scope(organisation=org):
        found = services.series_create(organiser=bob, organisation_id=org.pk, title="Handwerk")
    assert not found.sessions.exists()
    assert services.series_plan(found) == 0


def test_a_colleague_claims_the_open_place_first_come_first_served(org, alice, bob, carol, in_org):
    session = planned(series(bob))[0]
    services.session_claim(session=session, person=alice)
    session.refresh_from_db()
    assert session.speaker == alice and session.sequence == 1
    with pytest.raises(ValidationError):
        services.session_claim(session=session, person=carol)
    services.session_release(session=session, person=alice)
    session.refresh_from_db()
    assert session.speaker is None
    with pytest.raises(ValidationError):
        services.session_release(session=session, person=alice)


def test_the_organiser_hears_who_claimed_the_open_place(org, alice, bob, in_org, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    session = planned(series(bob))[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.session_claim(session=session, person=alice)
    told = Notification.objects.get(kind=SPEAKER_CLAIMED)
    assert told.person == bob and told.url == url("session", session)
    assert alice.display_name in told.translations["en"]["title"]
    assert "Iemand vertelt" in told.translations["en"]["title"]
    assert alice.display_name in told.translations["nl"]["body"]
    assert [m.to for m in mailoutbox] == [[bob.user.email]]
    # Claiming again changes nothing and tells nobody twice.
    services.session_claim(session=session, person=alice)
    assert Notification.objects.filter(kind=SPEAKER_CLAIMED).count() == 1


def test_the_organiser_who_claims_their_own_slot_is_not_told(org, bob, in_org):
    session = planned(series(bob))[0]
    services.session_claim(session=session, person=bob)
    session.refresh_from_db()
    assert session.speaker == bob
    assert not Notification.objects.filter(kind=SPEAKER_CLAIMED).exists()


def test_a_series_without_an_organiser_tells_nobody_of_a_claim(org, alice, bob, in_org):
    found = series(bob)
    with scopes_disabled():
        SessionSeries.objects.filter(pk=found.pk).update(organiser=None)
    services.session_claim(session=planned(found)[0], person=alice)
    assert not Notification.objects.exists()


def test_a_session_by_hand_cannot_be_claimed(org, alice, bob, in_org):
    by_hand = helpers.session(bob)
    with pytest.raises(ValidationError):
        services.session_claim(session=by_hand, person=alice)


def test_the_organiser_names_a_speaker_who_hears_of_it(org, alice, bob, in_org):
    session = planned(series(bob))[0]
    services.session_assign_speaker(session=session, by=bob, speaker=alice)
    session.refresh_from_db()
    assert session.speaker == alice
    assert list(Notification.objects.filter(kind=SPEAKER_ASKED).values_list("person_id", flat=True)) == [alice.pk]
    services.session_assign_speaker(session=session, by=bob, speaker=None)
    session.refresh_from_db()
    assert session.speaker is None


def test_a_claimed_session_is_in_the_speakers_calendar_and_all_are_in_the_teams(org, team, alice, bob, in_org):
    found = series(bob, team=team)
    sessions = planned(found)
    start, end = timezone.now(), timezone.now() + timedelta(weeks=8)
    assert session_entries(alice, start, end) == []
    services.session_claim(session=sessions[0], person=alice)
    mine = session_entries(alice, start, end)
    assert [e.uid for e in mine] == [f"knowledge-session-{sessions[0].uuid}@leerritme"]
    assert len(session_entries(team, start, end)) == len(sessions)


def test_changing_the_rhythm_cancels_open_sessions_and_plans_new_ones(org, alice, bob, carol, in_org):
    found = series(bob, interval=1, ahead=4)
    sessions = planned(found)
    claimed, open_one = sessions[0], sessions[1]
    services.session_claim(session=claimed, person=alice)
    services.session_signup(session=open_one, person=carol)
    new_first = next_monday_noon() + timedelta(days=2, hours=3)
    services.series_update(series=found, by=bob, values=SeriesInput(
        title="Iemand vertelt", interval_weeks=2, weeks_ahead=4, first_starts_at=new_first, duration_minutes=30,
        location="Zaal 2"))
    open_one.refresh_from_db()
    claimed.refresh_from_db()
    assert open_one.status == SessionStatus.CANCELLED
    assert claimed.status == SessionStatus.PLANNED and claimed.speaker == alice
    # Carol had signed up for the cancelled one and hears of it.
    assert Notification.objects.filter(kind=SESSION_CHANGED, person=carol).exists()
    new = [s for s in planned(found) if s.pk != claimed.pk]
    assert new and all(s.speaker is None and s.location == "Zaal 2" for s in new)
    assert [s.starts_at for s in new][0] == new_first
    assert all(s.ends_at - s.starts_at == timedelta(minutes=30) for s in new)


def test_changing_the_place_carries_over_to_open_sessions(org, alice, bob, in_org):
    found = series(bob, interval=1, ahead=3)
    sessions = planned(found)
    services.session_claim(session=sessions[0], person=alice)
    values = SeriesInput(title="Vertelmoment", interval_weeks=1, weeks_ahead=3, first_starts_at=found.first_starts_at,
                         duration_minutes=45, location="Zaal 2", capacity=12)
    services.series_update(series=found, by=bob, values=values)
    after = planned(found)
    assert [s.pk for s in after] == [s.pk for s in sessions]  # nothing cancelled
    assert after[0].location == "Kantine" and after[0].title == "Iemand vertelt"  # the claimed one stays
    assert all(s.location == "Zaal 2" and s.capacity == 12 and s.title == "Vertelmoment" for s in after[1:])


def test_ending_the_series_cancels_only_the_open_sessions(org, alice, bob, in_org):
    found = series(bob, interval=1, ahead=3)
    sessions = planned(found)
    services.session_claim(session=sessions[0], person=alice)
    services.series_end(series=found)
    assert [s.pk for s in planned(found)] == [sessions[0].pk]
    assert services.series_plan(found, now=timezone.now() + timedelta(weeks=5)) == 0


def test_bad_series_input_is_refused_and_nothing_is_stored(org, bob, in_org):
    for bad in ({"interval_weeks": 0}, {"weeks_ahead": 99}, {"duration_minutes": 1}, {"title": " "}):
        values = SeriesInput(**{"title": "Goed", "first_starts_at": next_monday_noon(), **bad})
        with pytest.raises(ValidationError):
            services.series_create(organiser=bob, organisation_id=org.pk, values=values)
    assert not SessionSeries.objects.exists() and not KnowledgeSession.objects.exists()


# --- Pages -------------------------------------------------------------------------------------------


def test_starting_a_series_on_the_page_plans_its_sessions(org, bob, login):
    first = timezone.localtime(next_monday_noon())
    response = login(bob).post(url("series_create", org=org), {
        "kind": "lunch_learn", "title": "Vertelmoment", "interval_weeks": 2,
        "first_starts_at": first.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": 45, "weeks_ahead": 4})
    with scopes_disabled():
        found = SessionSeries.objects.get()
        assert response.status_code == 302 and response.url == url("series", found)
        assert found.sessions.count() == 2


def test_claiming_on_the_page_then_giving_the_topic(org, alice, bob, english):
    session = planned(series(bob))[0]
    client = english(alice)
    page = client.get(url("session", session)).content.decode()
    assert "I will present" in page and "Speaker wanted" in page
    response = client.post(url("session_claim", session), {"action": "claim"})
    assert response.status_code == 302 and response.url == url("session_edit", session)
    edit = client.get(url("session_edit", session))
    assert edit.status_code == 200 and b"alice@vonk.test" in edit.content
    session.refresh_from_db()
    assert session.speaker == alice
    with scopes_disabled():
        assert list(Notification.objects.filter(kind=SPEAKER_CLAIMED).values_list("person_id", flat=True)) == [bob.pk]


def test_the_organiser_assigns_by_email_and_others_may_not(org, alice, bob, carol, dave, login):
    session = planned(series(bob))[0]
    assert login(alice).post(url("session_speaker", session), {"speaker": "carol@vonk.test"}).status_code == 403
    response = login(bob).post(url("session_speaker", session), {"speaker": "carol@vonk.test"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.speaker == carol
    response = login(bob).post(url("session_speaker", session), {"speaker": "niemand@vonk.test"})
    session.refresh_from_db()
    assert session.speaker == carol  # an unknown address changes nothing


def test_only_the_organiser_or_an_admin_changes_or_ends_the_series(org, alice, bob, carol, login):
    found = series(bob)
    assert login(alice).get(url("series_edit", found)).status_code == 403
    assert login(alice).post(url("series_end", found)).status_code == 403
    assert login(bob).get(url("series_edit", found)).status_code == 200
    data = {"kind": "lunch_learn", "title": "Nieuwe naam", "interval_weeks": 2,
            "first_starts_at": timezone.localtime(found.first_starts_at).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 45, "weeks_ahead": 6, "location": "Kantine"}
    assert login(bob).post(url("series_edit", found), {**data, "interval_weeks": 0}).status_code == 400
    assert login(carol).post(url("series_edit", found), data).status_code == 302
    found.refresh_from_db()
    assert found.title == "Nieuwe naam"
    assert login(bob).post(url("series_end", found)).status_code == 302
    found.refresh_from_db()
    assert found.ended_at is not None


def test_charlie_gets_404_on_series_and_speakers(org, bob, charlie, login):
    found = series(bob)
    session = planned(found)[0]
    client = login(charlie)
    assert client.get(url("series_edit", found)).status_code == 404
    assert client.post(url("series_end", found)).status_code == 404
    assert client.post(url("session_claim", session)).status_code == 404
    assert client.post(url("session_speaker", session), {"speaker": "charlie@anders.test"}).status_code == 404
    session.refresh_from_db()
    assert session.speaker is None


def test_the_series_page_keeps_constant_queries(org, bob, alice, login, django_assert_max_num_queries):
    found = series(bob, interval=1, ahead=2)
    client = login(alice)
    with django_assert_max_num_queries(20) as few:
        client.get(url("series", found))
    with scope(organisation=org):
        found.weeks_ahead = 12
        found.save(update_fields=["weeks_ahead"])
        services.series_plan(found)
        services.session_claim(session=planned(found)[3], person=alice)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url("series", found))
    assert page.content.decode().count(url("session", planned(found)[-1])) == 1
