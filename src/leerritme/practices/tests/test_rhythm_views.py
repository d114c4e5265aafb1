"""The team rhythm page, the rhythm form, the occurrence page and the occurrence actions."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import make_person
from leerritme.learning.models import LearningEvent
from leerritme.orgs.models import Team, TeamMembership, TeamRole
from leerritme.practices.models import AdoptionStatus, Occurrence, OccurrenceStatus, Rhythm
from leerritme.practices.recurrence import Cadence
from leerritme.practices.services.rhythm import occurrence_skip, rhythm_set
from leerritme.practices.tests.test_rhythm_services import AMS, make_adoption


@pytest.fixture
def login(login):
    """Log in speaking English, so the assertions below read the English source strings."""

    def as_person(person):
        person.user.language = "en"
        person.user.save(update_fields=["language"])
        return login(person)

    return as_person


def url(name, org, **kwargs):
    return reverse(f"practices:{name}", kwargs={"org": org.slug, **kwargs})


def this_monday_nine():
    today = timezone.now().astimezone(AMS).date()
    return datetime.combine(today - timedelta(days=today.weekday()), datetime.min.time()).replace(hour=9)


def set_weekly(adoption, by, weekday=0, **kwargs):
    with scope(organisation=adoption.organisation):
        values = {"cadence": Cadence.WEEKLY, "starts_at": this_monday_nine() - timedelta(weeks=20),
                  "duration_minutes": 15, "weekdays": (weekday,), "meeting": "Werkoverleg"}
        rhythm = rhythm_set(adoption=adoption, by=by, **(values | kwargs)).rhythm
        # A history of 20 weeks, as if it had been planned all along.
        from leerritme.practices.services.rhythm import occurrences_generate

        occurrences_generate(rhythm, since=rhythm.starts_at)
        return rhythm


@pytest.fixture
def adoption(org, team):
    return make_adoption(org, team)


@pytest.fixture
def rhythm(adoption, bob):
    return set_weekly(adoption, bob)


def upcoming(rhythm):
    with scopes_disabled():
        return list(Occurrence.objects.filter(rhythm=rhythm, start__gte=timezone.now()).order_by("start"))


def past(rhythm):
    with scopes_disabled():
        return list(Occurrence.objects.filter(rhythm=rhythm, start__lt=timezone.now()).order_by("-start"))


# --- The team rhythm page ---------------------------------------------------------------------------------

def test_members_see_the_rhythm_without_actions(org, team, rhythm, alice, login):
    response = login(alice).get(url("team_rhythm", org, uuid=team.uuid))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Learning rhythm of Onderhoud" in page
    assert "Check-out in the team meeting" in page
    assert "Every Monday at 09:00, 15 minutes" in page
    assert "/skip/" not in page and "Change the rhythm" not in page
    weeks = response.context["weeks"]
    assert len(weeks) == 6
    assert sum(len(w.occurrences) for w in weeks) == 6


def test_the_team_lead_sees_actions(org, team, rhythm, bob, login):
    page = login(bob).get(url("team_rhythm", org, uuid=team.uuid)).content.decode()
    assert "Change the rhythm" in page
    assert "/skip/" in page and "/move/" in page and "/held/" in page
    assert url("rhythm_edit", org, uuid=rhythm.adoption.uuid) in page


def test_the_lead_of_another_team_sees_no_actions(org, team, rhythm, login):
    other_lead = make_person(org, "olga@vonk.test", "Olga Smit")
    with scopes_disabled():
        other = Team.objects.create(organisation=org, name="Planning")
        TeamMembership.objects.create(organisation=org, team=other, person=other_lead, role=TeamRole.LEAD)
    page = login(other_lead).get(url("team_rhythm", org, uuid=team.uuid)).content.decode()
    assert "/skip/" not in page and "Change the rhythm" not in page


def test_the_page_shows_how_the_team_kept_its_rhythm(org, team, rhythm, bob, login):
    held = past(rhythm)
    with scopes_disabled():
        for occ in held[:8]:
            occ.status = OccurrenceStatus.HELD
        held[8].status = OccurrenceStatus.SKIPPED
        Occurrence.objects.bulk_update(held[:9], ["status"])
    response = login(bob).get(url("team_rhythm", org, uuid=team.uuid))
    (kept,) = response.context["kept"]
    assert kept.planned == 13  # the Mondays of the last thirteen weeks
    assert (kept.held, kept.skipped, kept.percent) == (8, 1, 62)
    page = response.content.decode()
    assert '<th scope="col" class="text-end">Kept</th>' in page
    assert "62%" in page


def test_the_page_lists_adopted_practices_without_rhythm(org, team, bob, login):
    adoption = make_adoption(org, team, "Lunch and learn")
    page = login(bob).get(url("team_rhythm", org, uuid=team.uuid)).content.decode()
    assert "No rhythm yet." in page
    assert "Set a rhythm" in page
    assert url("rhythm_edit", org, uuid=adoption.uuid) in page


def test_the_page_keeps_its_query_count_as_occurrences_grow(org, team, bob, login, django_assert_max_num_queries):
    client = login(bob)
    first = set_weekly(make_adoption(org, team, "One"), bob)
    client.get(url("team_rhythm", org, uuid=team.uuid))
    with django_assert_max_num_queries(12) as few:
        client.get(url("team_rhythm", org, uuid=team.uuid))
    for i, name in enumerate(["Two", "Three", "Four"], start=1):
        set_weekly(make_adoption(org, team, name), bob, weekday=i)
    with scopes_disabled():
        assert Occurrence.objects.filter(rhythm__adoption__team=team).count() > 3 * len(upcoming(first))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("team_rhythm", org, uuid=team.uuid))
    assert sum(len(w.occurrences) for w in response.context["weeks"]) == 24


def test_charlie_gets_404(org, team, rhythm, charlie, login):
    assert login(charlie).get(url("team_rhythm", org, uuid=team.uuid)).status_code == 404


def test_a_team_of_another_organisation_is_not_found(org, other_org, alice, login):
    with scopes_disabled():
        elsewhere = Team.objects.create(organisation=other_org, name="Elders")
    assert login(alice).get(url("team_rhythm", org, uuid=elsewhere.uuid)).status_code == 404


# --- Setting a rhythm -------------------------------------------------------------------------------------

def form_data(**kwargs):
    return {"cadence": "weekly", "weekdays": ["0"], "start_date": "2026-12-07", "at": "09:00",
            "duration_minutes": "15", "until": "", "meeting": "Werkoverleg", "location": "Kantine",
            "week_of_month": "1", "month_weekday": "0", "month_day": "1", "month_interval": "1", "dates": ""} | kwargs


def test_the_lead_sets_a_rhythm(org, team, adoption, bob, login):
    response = login(bob).post(url("rhythm_edit", org, uuid=adoption.uuid), form_data())
    assert response.status_code == 302
    assert response["Location"] == url("team_rhythm", org, uuid=team.uuid)
    with scopes_disabled():
        rhythm = Rhythm.objects.get(adoption=adoption)
        assert rhythm.rrule == "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
        assert (rhythm.meeting, rhythm.location) == ("Werkoverleg", "Kantine")
        assert rhythm.occurrences.count() > 50


def test_the_form_shows_what_is_wrong(org, adoption, bob, login):
    client = login(bob)
    response = client.post(url("rhythm_edit", org, uuid=adoption.uuid),
                           form_data(start_date="2026-12-07", until="2026-11-01"))
    assert response.status_code == 200
    assert "The rhythm ends before it starts" in response.content.decode()
    response = client.post(url("rhythm_edit", org, uuid=adoption.uuid), form_data(duration_minutes="600"))
    assert "The duration must be between 5 and 480 minutes." in response.content.decode()
    response = client.post(url("rhythm_edit", org, uuid=adoption.uuid),
                           form_data(cadence="dates", dates="2026-12-14\nsoon"))
    assert "Line 2 is not a date we can read" in response.content.decode()
    response = client.post(url("rhythm_edit", org, uuid=adoption.uuid), form_data(weekdays=[]))
    assert "Choose at least one weekday." in response.content.decode()
    with scopes_disabled():
        assert not Rhythm.objects.exists()


def test_monthly_on_the_31st_before_a_short_months_end_is_refused(org, adoption, bob, login):
    response = login(bob).post(url("rhythm_edit", org, uuid=adoption.uuid), form_data(
        cadence="monthly_day", month_day="31", start_date="2027-04-01", until="2027-04-30"))
    assert "before the first time this rhythm happens" in response.content.decode()


def test_the_form_sets_given_dates_with_their_own_times(org, adoption, bob, login):
    response = login(bob).post(url("rhythm_edit", org, uuid=adoption.uuid), form_data(
        cadence="dates", at="14:00", dates="2027-01-15\n22-03-2027 10:30\n"))
    assert response.status_code == 302
    with scopes_disabled():
        rhythm = Rhythm.objects.get(adoption=adoption)
        assert rhythm.dates == ["2027-01-15T14:00:00", "2027-03-22T10:30:00"]
        assert rhythm.occurrences.count() == 2


def test_the_form_shows_the_current_rhythm(org, rhythm, bob, login):
    response = login(bob).get(url("rhythm_edit", org, uuid=rhythm.adoption.uuid))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["cadence"] == Cadence.WEEKLY and form.initial["weekdays"] == ["0"]
    assert form.initial["meeting"] == "Werkoverleg"
    assert "Now: Every Monday at 09:00, 15 minutes, in Werkoverleg." in response.content.decode()


def test_the_preview_lists_the_next_five_times(org, adoption, bob, login):
    response = login(bob).get(url("rhythm_edit", org, uuid=adoption.uuid),
                              form_data(cadence="monthly_weekday", month_weekday="0", week_of_month="1",
                                        start_date="2027-01-01", preview="1"),
                              headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "Every month on the first Monday at 09:00, 15 minutes" in page
    assert [start.date() for start, _end in response.context["preview_times"]] == [
        date(2027, 1, 4), date(2027, 2, 1), date(2027, 3, 1), date(2027, 4, 5), date(2027, 5, 3)]


def test_the_preview_says_when_a_rhythm_never_happens(org, adoption, bob, login):
    response = login(bob).get(url("rhythm_edit", org, uuid=adoption.uuid),
                              form_data(start_date="2027-01-10", until="2027-01-01", preview="1"),
                              headers={"HX-Request": "true"})
    assert "Not a rhythm yet" in response.content.decode()


def test_changing_the_rhythm_keeps_its_history(org, rhythm, bob, login):
    history = past(rhythm)
    with scopes_disabled():
        history[0].status = OccurrenceStatus.HELD
        history[0].save(update_fields=["status"])
    response = login(bob).post(url("rhythm_edit", org, uuid=rhythm.adoption.uuid), form_data(
        weekdays=["2"], start_date=str(history[-1].start.date())))
    assert response.status_code == 302
    with scopes_disabled():
        assert len(past(rhythm)) == len(history)
        assert Occurrence.objects.get(pk=history[0].pk).status == OccurrenceStatus.HELD
        assert all(o.start.weekday() == 2 for o in upcoming(rhythm) if o.status == OccurrenceStatus.PLANNED)


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_members_and_outsiders_cannot_set_a_rhythm(who, org, adoption, request, login):
    client = login(request.getfixturevalue(who))
    expected = 403 if who == "alice" else 404
    assert client.get(url("rhythm_edit", org, uuid=adoption.uuid)).status_code == expected
    assert client.post(url("rhythm_edit", org, uuid=adoption.uuid), form_data()).status_code == expected
    with scopes_disabled():
        assert not Rhythm.objects.exists()


def test_the_practice_owner_and_ld_admins_can_set_a_rhythm(org, team, alice, carol, login):
    owned = make_adoption(org, team, "Owned", owner=alice)
    assert login(alice).post(url("rhythm_edit", org, uuid=owned.uuid), form_data()).status_code == 302
    other = make_adoption(org, team, "Other")
    assert login(carol).post(url("rhythm_edit", org, uuid=other.uuid), form_data()).status_code == 302


def test_the_lead_of_another_team_cannot_set_a_rhythm(org, adoption, login):
    other_lead = make_person(org, "olga@vonk.test", "Olga Smit")
    with scopes_disabled():
        other = Team.objects.create(organisation=org, name="Planning")
        TeamMembership.objects.create(organisation=org, team=other, person=other_lead, role=TeamRole.LEAD)
    assert login(other_lead).get(url("rhythm_edit", org, uuid=adoption.uuid)).status_code == 403


def test_a_stopped_practice_gets_no_rhythm(org, team, bob, login):
    stopped = make_adoption(org, team, "Stopped", status=AdoptionStatus.STOPPED)
    response = login(bob).post(url("rhythm_edit", org, uuid=stopped.uuid), form_data())
    assert response.status_code == 200
    assert "has not adopted this practice" in response.content.decode()
    with scopes_disabled():
        assert not Rhythm.objects.exists()


# --- One occurrence ---------------------------------------------------------------------------------------

def test_members_see_an_occurrence_with_its_how_to(org, rhythm, alice, login):
    occ = upcoming(rhythm)[0]
    response = login(alice).get(url("occurrence", org, uuid=occ.uuid))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check-out in the team meeting" in page
    assert "Step one." in page and "Step two." in page
    assert "Werkoverleg" in page
    assert "What happened?" not in page


def test_the_lead_sees_the_actions_on_an_occurrence(org, rhythm, bob, login):
    occ = past(rhythm)[0]
    page = login(bob).get(url("occurrence", org, uuid=occ.uuid)).content.decode()
    assert "What happened?" in page and "It was held" in page


def test_charlie_gets_404_on_an_occurrence(org, rhythm, charlie, login):
    occ = upcoming(rhythm)[0]
    client = login(charlie)
    assert client.get(url("occurrence", org, uuid=occ.uuid)).status_code == 404
    assert client.post(url("occurrence_skip", org, uuid=occ.uuid)).status_code == 404


def test_the_lead_marks_a_past_time_held_with_htmx(org, team, rhythm, bob, login):
    occ = past(rhythm)[0]
    response = login(bob).post(url("occurrence_held", org, uuid=occ.uuid), headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith(f'<li class="list-group-item" id="occ-{occ.uuid}">')
    assert "Marked as held" in page
    with scopes_disabled():
        assert Occurrence.objects.get(pk=occ.pk).status == OccurrenceStatus.HELD
        assert LearningEvent.objects.get().team == team


def test_the_lead_skips_and_restores_without_javascript(org, team, rhythm, bob, login):
    occ = upcoming(rhythm)[1]
    client = login(bob)
    back = url("team_rhythm", org, uuid=team.uuid)
    response = client.post(url("occurrence_skip", org, uuid=occ.uuid), {"next": back, "note": "Vakantie"})
    assert response.status_code == 302 and response["Location"] == back
    with scopes_disabled():
        occ.refresh_from_db()
    assert (occ.status, occ.note, occ.sequence) == (OccurrenceStatus.SKIPPED, "Vakantie", 1)
    response = client.post(url("occurrence_restore", org, uuid=occ.uuid), {"next": "https://evil.example/"})
    assert response["Location"] == url("occurrence", org, uuid=occ.uuid)
    with scopes_disabled():
        occ.refresh_from_db()
    assert occ.status == OccurrenceStatus.PLANNED


def test_holding_a_future_time_says_why_not(org, rhythm, bob, login):
    occ = upcoming(rhythm)[2]
    response = login(bob).post(url("occurrence_held", org, uuid=occ.uuid), headers={"HX-Request": "true"})
    assert "has not come yet" in response.content.decode()
    with scopes_disabled():
        assert Occurrence.objects.get(pk=occ.pk).status == OccurrenceStatus.PLANNED


def test_the_lead_moves_a_time(org, rhythm, bob, login):
    occ = upcoming(rhythm)[1]
    client = login(bob)
    form = client.get(url("occurrence_move", org, uuid=occ.uuid), headers={"HX-Request": "true"})
    assert form.status_code == 200 and f'id="occ-{occ.uuid}"' in form.content.decode()
    day = occ.start.astimezone(AMS).date() + timedelta(days=1)
    response = client.post(url("occurrence_move", org, uuid=occ.uuid),
                           {"day": str(day), "start": "14:00", "end": "13:00"}, headers={"HX-Request": "true"})
    assert "The end is before the start." in response.content.decode()
    response = client.post(url("occurrence_move", org, uuid=occ.uuid),
                           {"day": str(day), "start": "14:00", "end": "14:30"}, headers={"HX-Request": "true"})
    assert "Moved:" in response.content.decode()
    with scopes_disabled():
        moved = Occurrence.objects.get(pk=occ.pk)
    assert moved.start.astimezone(AMS).replace(tzinfo=None) == datetime.combine(day, datetime.min.time()).replace(
        hour=14)
    assert moved.original_start == occ.original_start and moved.sequence == 1


@pytest.mark.parametrize("action", ["occurrence_held", "occurrence_skip", "occurrence_restore", "occurrence_move"])
def test_members_cannot_change_occurrences(action, org, rhythm, alice, login):
    occ = past(rhythm)[0]
    with scopes_disabled():
        occurrence_skip(occ, by=alice)
    assert login(alice).post(url(action, org, uuid=occ.uuid), {"day": "2026-01-01", "start": "09:00",
                                                                "end": "10:00"}).status_code == 403
    with scopes_disabled():
        assert Occurrence.objects.get(pk=occ.pk).status == OccurrenceStatus.SKIPPED


def test_the_occurrence_page_links_its_ics_when_there_is_one(org, rhythm, alice, login):
    occ = upcoming(rhythm)[0]
    page = login(alice).get(url("occurrence", org, uuid=occ.uuid)).content.decode()
    try:
        ics = url("occurrence_ics", org, uuid=occ.uuid)
    except Exception:  # the calendar part may not be there yet
        return
    assert ics in page


def test_the_team_page_links_to_its_rhythm(org, team, alice, login):
    page = login(alice).get(reverse("people:team_detail", kwargs={"org": org.slug, "uuid": team.uuid})).content
    assert url("team_rhythm", org, uuid=team.uuid).encode() in page


def test_the_htmx_partials_cost_a_few_queries(org, team, rhythm, bob, login, django_assert_max_num_queries):
    client = login(bob)
    for name in ("Two", "Three"):
        set_weekly(make_adoption(org, team, name), bob)
    client.get(url("team_rhythm", org, uuid=team.uuid))
    with django_assert_max_num_queries(8):
        client.get(url("rhythm_edit", org, uuid=rhythm.adoption.uuid), form_data(preview="1"),
                   headers={"HX-Request": "true"})
    occ = upcoming(rhythm)[1]
    with django_assert_max_num_queries(16):
        response = client.post(url("occurrence_skip", org, uuid=occ.uuid), headers={"HX-Request": "true"})
    assert "Skipped:" in response.content.decode()


def test_a_practice_its_own_part_runs_is_planned_there(org, team, bob, login):
    from leerritme.practices.models import PracticePart
    from leerritme.practices.parts import register_part_handler, unregister_part_handler

    adoption = make_adoption(org, team, "Lunch and learn")
    with scopes_disabled():
        adoption.practice.part = PracticePart.KNOWLEDGE
        adoption.practice.save(update_fields=["part"])
    register_part_handler(PracticePart.KNOWLEDGE, lambda adoption: "/")
    try:
        page = login(bob).get(url("team_rhythm", org, uuid=team.uuid)).content.decode()
    finally:
        unregister_part_handler(PracticePart.KNOWLEDGE)
    assert "Planned in Knowledge sessions." in page
    assert url("rhythm_edit", org, uuid=adoption.uuid) not in page
