"""Challenges: opt-in (nobody counted without joining), progress in the period, completion recorded once,
check-ins, team rankings only when the organisation turns them on and names only for those who opted in."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.learning.services import learning_event_record
from leerritme.recognition.models import Challenge, ChallengeMode, ChallengeParticipant, GoalType
from leerritme.recognition.services.challenges import (
    challenge_check_in,
    challenge_join,
    challenge_leave,
    challenge_save,
    progress_by_person,
    progress_by_team,
)
from tests.english import in_english


def u(name, **kwargs):
    return reverse(f"recognition:{name}", kwargs={"org": "vonk", **kwargs})


def make(by, **values):
    today = timezone.localdate()
    fields = {"title": "Deel één instructie", "starts_on": today - timedelta(days=3),
              "ends_on": today + timedelta(days=20), "goal_type": GoalType.EVENTS,
              "goal_kind": LearningKind.ARTICLE_WRITTEN, "goal_target": 2, **values}
    return challenge_save(challenge=Challenge(**fields), by=by)


def article(person, title="Instructie", **kwargs):
    return learning_event_record(person=person, kind=LearningKind.ARTICLE_WRITTEN, title=title,
                                 visibility=Visibility.ORGANISATION, **kwargs)


def test_nobody_counts_without_joining(in_org, alice, carol):
    challenge = make(carol)
    article(alice)
    assert progress_by_person(challenge) == {}
    challenge_join(challenge=challenge, person=alice)
    assert progress_by_person(challenge) == {alice.pk: 1}


def test_reaching_the_goal_records_challenge_completed_once(in_org, alice, carol):
    challenge = make(carol)
    challenge_join(challenge=challenge, person=alice)
    article(alice, "Een")
    article(alice, "Twee")
    article(alice, "Drie")
    events = LearningEvent.objects.filter(kind=LearningKind.CHALLENGE_COMPLETED)
    assert events.count() == 1 and events.get().title == challenge.title
    assert ChallengeParticipant.objects.get().completed_at is not None


def test_learning_outside_the_period_does_not_count(in_org, alice, carol):
    challenge = make(carol)
    challenge_join(challenge=challenge, person=alice)
    article(alice, occurred_at=timezone.now() - timedelta(days=10))
    assert progress_by_person(challenge) == {}


def test_minutes_challenge(in_org, alice, carol):
    challenge = make(carol, goal_type=GoalType.MINUTES, goal_kind="", goal_target=60)
    challenge_join(challenge=challenge, person=alice)
    learning_event_record(person=alice, kind=LearningKind.LEARNING_TIME, title="Video", minutes=45)
    assert not ChallengeParticipant.objects.get().completed_at
    learning_event_record(person=alice, kind=LearningKind.LEARNING_TIME, title="Artikel", minutes=20)
    assert ChallengeParticipant.objects.get().completed_at is not None


def test_check_ins(in_org, alice, bob, carol):
    challenge = make(carol, goal_type=GoalType.CHECKINS, goal_kind="", goal_target=2, checkin_minutes=15)
    with pytest.raises(ValidationError):
        challenge_check_in(challenge=challenge, person=alice)  # not joined
    challenge_join(challenge=challenge, person=alice)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        challenge_check_in(challenge=challenge, person=alice, day=today + timedelta(days=1))
    with pytest.raises(ValidationError):
        challenge_check_in(challenge=challenge, person=alice, day=today - timedelta(days=30))
    challenge_check_in(challenge=challenge, person=alice)
    challenge_check_in(challenge=challenge, person=alice)  # the same day once
    assert progress_by_person(challenge) == {alice.pk: 1}
    challenge_check_in(challenge=challenge, person=alice, day=today - timedelta(days=1))
    assert LearningEvent.objects.filter(kind=LearningKind.CHALLENGE_COMPLETED, person=alice).count() == 1


def test_team_challenge_sums_its_participants(in_org, team, alice, bob, erik, carol):
    challenge = make(carol, mode=ChallengeMode.TEAM, goal_target=2)
    challenge_join(challenge=challenge, person=alice)
    challenge_join(challenge=challenge, person=bob, show_name=True)
    challenge_join(challenge=challenge, person=erik)
    article(alice)
    assert progress_by_team(challenge)[team.pk] == 1
    article(bob)
    done = ChallengeParticipant.objects.filter(completed_at__isnull=False).values_list("person", flat=True)
    assert set(done) == {alice.pk, bob.pk}


@pytest.mark.parametrize("values, field", [
    ({"title": " "}, "title"),
    ({"ends_on": timezone.localdate() - timedelta(days=10)}, "ends_on"),
    ({"goal_kind": ""}, "goal_kind"),
    ({"goal_kind": LearningKind.CHALLENGE_COMPLETED}, "goal_kind"),
    ({"goal_target": 0}, "goal_target"),
    ({"goal_type": GoalType.CHECKINS, "goal_kind": "", "goal_target": 400}, "goal_target"),
    ({"goal_type": GoalType.CHECKINS, "goal_kind": "", "mode": ChallengeMode.TEAM}, "mode"),
])
def test_bad_challenges_are_refused(in_org, carol, values, field):
    with pytest.raises(ValidationError) as raised:
        make(carol, **values)
    assert field in raised.value.error_dict
    assert not Challenge.objects.exists()


def test_joining_a_team_only_challenge_needs_the_team(in_org, team, alice, erik, bob):
    challenge = make(bob, team=team)
    with pytest.raises(ValidationError):
        challenge_join(challenge=challenge, person=erik)
    challenge_join(challenge=challenge, person=alice)
    challenge_leave(challenge=challenge, person=alice)
    assert not ChallengeParticipant.objects.exists()


# --- Views ---------------------------------------------------------------------------------------------------------


def test_rankings_are_off_by_default_and_name_only_who_opted_in(in_org, login, team, alice, bob, erik, carol):
    challenge = make(carol, mode=ChallengeMode.TEAM, goal_target=5)
    challenge_join(challenge=challenge, person=alice)
    challenge_join(challenge=challenge, person=bob, show_name=True)
    challenge_join(challenge=challenge, person=erik)
    article(alice)
    html = login(in_english(erik)).get(u("challenge", uuid=challenge.uuid)).content.decode()
    assert 'id="ranking"' not in html and "Rankings between teams are off" in html
    in_org.team_rankings = True
    in_org.save()
    html = login(erik).get(u("challenge", uuid=challenge.uuid)).content.decode()
    ranking = html[html.index('id="ranking"'):html.index("</section>", html.index('id="ranking"'))]
    assert "Onderhoud" in ranking and "Montage" in ranking
    assert "Bob Jansen" in ranking and "Alice de Vries" not in ranking and "Erik Mulder" not in ranking
    assert ranking.index("Onderhoud") < ranking.index("Montage")  # 1 article against 0


def test_individual_progress_is_shown_only_to_the_person(in_org, login, alice, bob, carol):
    challenge = make(carol)
    challenge_join(challenge=challenge, person=alice)
    article(alice)
    assert 'id="my-progress"' in login(alice).get(u("challenge", uuid=challenge.uuid)).content.decode()
    html = login(bob).get(u("challenge", uuid=challenge.uuid)).content.decode()
    assert 'id="my-progress"' not in html and "Alice" not in html


def test_setting_up_challenges_by_role(in_org, login, team, other_team, alice, bob, carol):
    today = timezone.localdate()
    data = {"title": "Kwartier per dag", "mode": "individual", "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=29)).isoformat(), "goal_type": "checkins", "goal_target": "20",
            "checkin_minutes": "15"}
    assert login(alice).get(u("challenge_new")).status_code == 403
    response = login(bob).post(u("challenge_new"), {**data, "team": other_team.pk})
    assert response.status_code == 200 and not Challenge.objects.exists()  # not a team bob leads
    response = login(bob).post(u("challenge_new"), {**data, "team": team.pk})
    assert response.status_code == 302 and Challenge.objects.get().team == team
    response = login(carol).post(u("challenge_new"), {**data, "title": "Voor iedereen"})
    assert response.status_code == 302
    response = login(carol).post(u("challenge_new"), {**data, "ends_on": "gisteren"})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()


def test_join_check_in_and_leave_through_the_pages(in_org, login, alice, carol):
    challenge = make(carol, goal_type=GoalType.CHECKINS, goal_kind="", goal_target=10)
    client = login(alice)
    assert client.post(u("challenge_join", uuid=challenge.uuid)).status_code == 302
    assert client.post(u("challenge_check_in", uuid=challenge.uuid),
                       {"day": timezone.localdate().isoformat()}).status_code == 302
    assert progress_by_person(challenge) == {alice.pk: 1}
    assert "1 / 10" in client.get(u("challenge", uuid=challenge.uuid)).content.decode()
    assert client.post(u("challenge_leave", uuid=challenge.uuid)).status_code == 302
    assert not ChallengeParticipant.objects.exists()


def test_charlie_and_other_teams_get_404(in_org, login, team, alice, bob, erik, charlie):
    challenge = make(bob, team=team)
    assert login(erik).get(u("challenge", uuid=challenge.uuid)).status_code == 404
    assert login(charlie).get(u("challenge", uuid=challenge.uuid)).status_code == 404
    assert login(charlie).post(u("challenge_join", uuid=challenge.uuid)).status_code == 404
    assert login(alice).get(u("challenges")).status_code == 200
