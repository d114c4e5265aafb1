"""Knowledge sessions: sign-up with a capacity and a waiting list, the .ics, the calendar feed, attendance,
notes, materials, feedback to the speaker, and the series an adopted lunch & learn runs as."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from icalendar import Calendar

from conftest import make_person
from leerritme.knowledge.kinds import SESSION_CHANGED, SESSION_PLACE
from leerritme.knowledge.models import KnowledgeSession, SessionSeries, SessionStatus, SignupStatus
from leerritme.knowledge.services import sessions as services
from leerritme.knowledge.tests import helpers
from leerritme.knowledge.tests.helpers import url
from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.lib.calendar import entries_for
from leerritme.notifications.models import Notification

pytestmark = pytest.mark.django_db
english = helpers.english


def notified(kind):
    with scopes_disabled():
        return sorted(Notification.objects.filter(kind=kind).values_list("person_id", flat=True))


def _in_the_past(session, days=1):
    session.starts_at = timezone.now() - timedelta(days=days)
    session.ends_at = session.starts_at + timedelta(minutes=45)
    session.save(update_fields=["starts_at", "ends_at"])
    return session


def test_places_then_a_waiting_list_then_promotion_when_someone_cancels(org, alice, bob, carol, dave, in_org):
    planned = helpers.session(dave, capacity=2)
    assert services.session_signup(session=planned, person=alice).status == SignupStatus.CONFIRMED
    assert services.session_signup(session=planned, person=bob).status == SignupStatus.CONFIRMED
    assert services.session_signup(session=planned, person=carol).status == SignupStatus.WAITING
    services.session_signup_cancel(session=planned, person=alice)
    assert planned.signups.get(person=carol).status == SignupStatus.CONFIRMED
    assert notified(SESSION_PLACE) == [carol.pk]


def test_signing_up_twice_keeps_one_place_and_again_after_cancelling_goes_to_the_back(org, alice, bob, carol, dave,
                                                                                    in_org):
    planned = helpers.session(dave, capacity=1)
    services.session_signup(session=planned, person=alice)
    services.session_signup(session=planned, person=alice)
    assert planned.signups.count() == 1
    services.session_signup(session=planned, person=bob)  # waiting
    services.session_signup(session=planned, person=carol)  # waiting
    services.session_signup_cancel(session=planned, person=bob)
    services.session_signup(session=planned, person=bob)
    services.session_signup_cancel(session=planned, person=alice)
    assert planned.signups.get(person=carol).status == SignupStatus.CONFIRMED
    assert planned.signups.get(person=bob).status == SignupStatus.WAITING


def test_more_places_admit_the_waiting(org, alice, bob, dave, in_org):
    planned = helpers.session(dave, capacity=1)
    services.session_signup(session=planned, person=alice)
    services.session_signup(session=planned, person=bob)
    services.session_update(session=planned, by=dave, values=services.SessionInput(
        title=planned.title, starts_at=planned.starts_at, duration_minutes=45, capacity=2, location="Kantine"))
    assert planned.signups.get(person=bob).status == SignupStatus.CONFIRMED


def test_a_new_time_or_a_cancellation_is_told_to_who_signed_up(org, alice, dave, in_org):
    planned = helpers.session(dave)
    services.session_signup(session=planned, person=alice)
    services.session_update(session=planned, by=dave, values=services.SessionInput(
        title=planned.title, starts_at=planned.starts_at + timedelta(hours=1), duration_minutes=45,
        location="Kantine"))
    services.session_cancel(session=planned, by=dave)
    assert notified(SESSION_CHANGED) == [alice.pk, alice.pk]


def test_no_sign_up_for_a_cancelled_or_past_session(org, alice, dave, in_org):
    planned = helpers.session(dave)
    services.session_cancel(session=planned, by=dave)
    with pytest.raises(ValidationError):
        services.session_signup(session=planned, person=alice)
    past = _in_the_past(helpers.session(dave, title="Vorige"), days=2)
    with pytest.raises(ValidationError):
        services.session_signup(session=past, person=alice)


def test_attendance_records_learning_for_attendees_and_the_speaker(org, alice, bob, carol, dave, in_org):
    planned = helpers.session(dave, speaker=carol)
    services.session_signup(session=planned, person=alice)
    services.session_signup(session=planned, person=bob)
    _in_the_past(planned)
    planned = services.session_mark_held(session=planned, by=dave, attended=[alice.pk])
    assert planned.status == SessionStatus.HELD
    assert set(LearningEvent.objects.filter(kind=LearningKind.SESSION_ATTENDED).values_list("person_id", flat=True)
               ) == {alice.pk}
    assert LearningEvent.objects.filter(kind=LearningKind.SESSION_GIVEN, person=carol).count() == 1
    # Correcting the attendance later adds bob, and nothing twice.
    services.session_mark_held(session=planned, by=dave, attended=[alice.pk, bob.pk])
    assert LearningEvent.objects.filter(kind=LearningKind.SESSION_ATTENDED).count() == 2
    assert LearningEvent.objects.filter(kind=LearningKind.SESSION_GIVEN).count() == 1


def test_a_session_that_has_not_started_cannot_be_held(org, dave, in_org):
    with pytest.raises(ValidationError):
        services.session_mark_held(session=helpers.session(dave), by=dave, attended=[])


def test_feedback_only_from_who_was_there_and_only_the_speaker_reads_it(org, alice, bob, carol, dave, login):
    planned = helpers.session(dave, speaker=carol)
    with scope(organisation=org):
        services.session_signup(session=planned, person=alice)
        _in_the_past(planned)
        services.session_feedback_give(session=planned, person=alice, rating=5, comment="Heel helder uitgelegd")
        with pytest.raises(ValidationError):
            services.session_feedback_give(session=planned, person=bob, rating=4)
        with pytest.raises(ValidationError):
            services.session_feedback_give(session=planned, person=carol, rating=5)
    speaker_page = login(carol).get(url("session", planned)).content.decode()
    assert "Heel helder uitgelegd" in speaker_page[speaker_page.index('id="speaker-feedback"'):]
    assert b'id="speaker-feedback"' not in login(alice).get(url("session", planned)).content
    assert b"Heel helder uitgelegd" not in login(bob).get(url("session", planned)).content


def test_the_ics_is_a_valid_invitation(org, alice, dave, login):
    planned = helpers.session(dave, title="Lunch & learn: warmtepompen")
    response = login(alice).get(url("session_ics", planned))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith('attachment; filename="lunch-learn-warmtepompen-')
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Lunch & learn: warmtepompen"
    assert str(event["LOCATION"]) == "Kantine"
    assert event["DTSTART"].dt == planned.starts_at.replace(microsecond=0)


def test_the_personal_calendar_has_my_sessions(org, alice, bob, dave, in_org):
    planned = helpers.session(dave, capacity=1, speaker=bob)
    services.session_signup(session=planned, person=alice)
    other = helpers.session(dave, title="Niet voor mij")
    start, end = timezone.now(), timezone.now() + timedelta(days=30)
    assert [e.title for e in entries_for(alice, start, end) if e.source == "knowledge.sessions"] == [planned.title]
    assert [e.title for e in entries_for(bob, start, end) if e.source == "knowledge.sessions"] == [planned.title]
    services.session_cancel(session=planned, by=dave)
    [cancelled] = [e for e in entries_for(alice, start, end) if e.source == "knowledge.sessions"]
    assert cancelled.cancelled
    assert other.pk


def test_a_session_of_a_teams_series_is_in_the_team_calendar(org, alice, team, in_org):
    series = services.series_create(organiser=alice, organisation_id=org.pk, title="Lunch & learn", team=team)
    planned = helpers.session(alice, series=series)
    found = [e for e in entries_for(team, timezone.now(), timezone.now() + timedelta(days=30))
             if e.source == "knowledge.sessions"]
    assert [e.uid for e in found] == [f"knowledge-session-{planned.uuid}@leerritme"]


@pytest.fixture
def knowledge_part():
    """Our handler for the "knowledge" part, registered anew: other parts' tests stand in their own for it."""
    from leerritme.knowledge.parts import start_series, stop_series
    from leerritme.practices.parts import register_part_handler

    return register_part_handler("knowledge", start_series, stop=stop_series)


def test_adopting_lunch_and_learn_starts_a_series_and_a_held_session_marks_the_day_held(org, bob, alice, team,
                                                                                        in_org, knowledge_part):
    from leerritme.practices.models import Occurrence, OccurrenceStatus, Rhythm
    from leerritme.practices.services.adoption import adoption_create, adoption_stop
    from leerritme.practices.tests.helpers import practice

    adopted = adoption_create(team=team, practice=practice(org, "lunch-and-learn"), owner=bob,
                              purpose="Elke twee weken vertelt iemand.", adopted_by=bob)
    series = SessionSeries.objects.get(adoption=adopted.adoption)
    assert adopted.part_url == url("series", series)
    assert series.team == team
    start = timezone.now() - timedelta(hours=2)
    rhythm = Rhythm.objects.create(organisation=org, adoption=adopted.adoption, rrule="FREQ=WEEKLY;INTERVAL=2",
                                   starts_at=start)
    occurrence = Occurrence.objects.create(organisation=org, rhythm=rhythm, original_start=start, start=start,
                                           end=start + timedelta(minutes=45))
    held = helpers.session(bob, series=series)
    services.session_signup(session=held, person=alice)
    held.starts_at, held.ends_at = start, start + timedelta(minutes=45)
    held.save(update_fields=["starts_at", "ends_at"])
    services.session_mark_held(session=held, by=bob, attended=[alice.pk])
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.HELD
    assert occurrence.record_type == "knowledge.knowledgesession" and occurrence.record_id == str(held.pk)
    later = helpers.session(bob, series=series, title="Volgende keer", days=14)
    services.session_signup(session=later, person=alice)
    adoption_stop(adoption=adopted.adoption, stopped_by=bob)
    series.refresh_from_db()
    later.refresh_from_db()
    assert series.ended_at is not None and later.status == SessionStatus.CANCELLED


def test_the_pages_sign_up_and_cancel(org, alice, dave, english):
    planned = helpers.session(dave, capacity=1)
    client = english(alice)
    page = client.get(url("session", planned))
    assert b"Sign up" in page.content
    response = client.post(url("session_signup", planned), {"action": "signup"}, follow=True)
    assert b"You are signed up." in response.content
    response = client.post(url("session_signup", planned), {"action": "cancel"}, follow=True)
    assert b"You are no longer signed up." in response.content


def test_the_organiser_plans_a_session(org, alice, bob, login):
    starts = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = login(alice).post(url("session_create", org=org), {
        "kind": "lunch_learn", "title": "Zonnepanelen op platte daken", "speaker": bob.user.email,
        "starts_at": starts, "duration_minutes": 45, "location": "Kantine", "capacity": 12,
    })
    with scope(organisation=org):
        planned = KnowledgeSession.objects.get()
    assert response.status_code == 302 and planned.speaker == bob and planned.capacity == 12


def test_only_organiser_speaker_or_ld_manage(org, alice, bob, carol, dave, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    planned = helpers.session(dave, speaker=bob)
    assert login(alice).get(url("session_edit", planned)).status_code == 403
    assert login(alice).post(url("session_cancel", planned)).status_code == 403
    assert login(alice).post(url("session_attendance", planned)).status_code == 403
    assert login(alice).post(url("session_notes", planned), {"notes": "x"}).status_code == 403
    assert login(bob).get(url("session_edit", planned)).status_code == 200
    assert login(carol).get(url("session_edit", planned)).status_code == 200
    response = login(bob).post(url("session_material", planned), {
        "title": "Dia's", "file": SimpleUploadedFile("dias.pdf", b"%PDF-1.4\n%%EOF")})
    assert response.status_code == 302
    with scope(organisation=org):
        material = planned.materials.get()
    download = login(alice).get(url("material", material))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_notes_afterwards_are_sanitised(org, dave, login):
    planned = _in_the_past(helpers.session(dave))
    login(dave).post(url("session_notes", planned), {"notes": "**Samenvatting** <script>alert(1)</script>"})
    planned.refresh_from_db()
    assert "<strong>Samenvatting</strong>" in planned.notes_html and "<script>" not in planned.notes_html


def test_charlie_gets_404(org, dave, charlie, login):
    planned = helpers.session(dave)
    with scope(organisation=org):
        series = services.series_create(organiser=dave, organisation_id=org.pk, title="Reeks")
    client = login(charlie)
    for name in ("session", "session_edit", "session_ics"):
        assert client.get(url(name, planned)).status_code == 404, name
    for name in ("session_signup", "session_cancel", "session_attendance", "session_notes", "session_material",
                 "session_feedback"):
        assert client.post(url(name, planned)).status_code == 404, name
    assert client.get(url("series", series)).status_code == 404
    assert client.get(url("sessions", org=org)).status_code == 404


def test_list_and_session_pages_have_constant_queries(org, alice, dave, login, django_assert_max_num_queries):
    planned = helpers.session(dave, capacity=50)
    client = login(alice)
    with django_assert_max_num_queries(16) as few_list:
        client.get(url("sessions", org=org))
    with django_assert_max_num_queries(20) as few_detail:
        client.get(url("session", planned))
    for number in range(10):
        helpers.session(dave, title=f"Sessie {number}", days=number + 1)
        person = make_person(org, f"s{number}@vonk.test", f"S {number}")
        with scope(organisation=org):
            services.session_signup(session=planned, person=person)
    with django_assert_max_num_queries(len(few_list.captured_queries)):
        client.get(url("sessions", org=org))
    with django_assert_max_num_queries(len(few_detail.captured_queries)):
        client.get(url("session", planned))
