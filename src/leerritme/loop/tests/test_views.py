"""The loop's pages for every role: member, lead, L&D, another team, another organisation (404), and bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leerritme.knowledge.models import Article
from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.loop.models import (
    Consent,
    Experiment,
    ExperimentStatus,
    Idea,
    IdeaStatus,
    Involvement,
    Lesson,
    LessonOfTheMonth,
    LessonReaction,
    LessonVisibility,
)
from leerritme.loop.services.ideas import idea_submit
from leerritme.reflection.models import Action


def url(name, org, **kwargs):
    return reverse(f"loop:{name}", kwargs={"org": org.slug, **kwargs})


def test_the_front_page_and_team_page_for_every_role(in_org, team, alice, bob, carol, erin, experiment, login):
    assert login(alice).get(url("index", in_org)).status_code == 302  # one team: straight to it
    for person in (alice, bob, carol):
        response = login(person).get(url("team", in_org, uuid=team.uuid))
        assert response.status_code == 200 and experiment.title in response.text
        assert login(person).get(url("index", in_org) + "?all=1").status_code == 200
    assert login(erin).get(url("team", in_org, uuid=team.uuid)).status_code == 403


def test_another_organisation_gets_404_everywhere(in_org, team, alice, charlie, experiment, make_lesson, login):
    lesson = make_lesson(alice, visibility=LessonVisibility.ORGANISATION)
    idea = idea_submit(team=team, by=alice, title="Idee")
    client = login(charlie)
    for address in (url("index", in_org), url("team", in_org, uuid=team.uuid), url("timeline", in_org),
                    url("experiment", in_org, uuid=experiment.uuid), url("lesson", in_org, uuid=lesson.uuid),
                    url("idea", in_org, uuid=idea.uuid), url("ideas", in_org, uuid=team.uuid)):
        assert client.get(address).status_code == 404
    assert client.post(url("idea_vote", in_org, uuid=idea.uuid)).status_code == 404


def test_starting_an_experiment_from_a_reflection_action(in_org, team, alice, login):
    action = Action.objects.create(organisation=in_org, team=team, text="Werkbon direct bij de klant invullen")
    client = login(alice)
    page = client.get(url("experiment_create", in_org) + f"?action={action.uuid}")
    assert page.status_code == 200 and "Werkbon direct bij de klant invullen" in page.text
    today = timezone.localdate()
    response = client.post(url("experiment_create", in_org) + f"?action={action.uuid}", {
        "title": "Werkbon bij de klant", "if_we": "de werkbon bij de klant invullen", "then": "minder typen",
        "we_will_see": "het aantal open werkbonnen", "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=14)).isoformat()})
    experiment = Experiment.objects.get()
    assert response.status_code == 302 and response.url == url("experiment", in_org, uuid=experiment.uuid)
    assert experiment.from_action == action and experiment.owner == alice


def test_bad_input_on_the_experiment_form_is_shown_and_nothing_stored(in_org, team, alice, login):
    today = timezone.localdate()
    response = login(alice).post(url("experiment_create", in_org) + f"?team={team.uuid}", {
        "title": "Iets", "if_we": "", "then": "x", "we_will_see": "y", "starts_on": today.isoformat(),
        "ends_on": (today - timedelta(days=3)).isoformat()})
    assert response.status_code == 200 and "is-invalid" in response.text
    assert not Experiment.objects.exists()


def test_another_team_cannot_start_one_there_nor_copy_its_action(in_org, team, erin, login):
    action = Action.objects.create(organisation=in_org, team=team, text="Geheim van het team")
    client = login(erin)
    assert client.get(url("experiment_create", in_org) + f"?team={team.uuid}").status_code == 403
    response = client.get(url("experiment_create", in_org) + f"?action={action.uuid}")
    assert response.status_code == 403 and "Geheim" not in response.text


def test_evaluating_through_the_page(in_org, team, alice, bob, experiment, login):
    response = login(bob).post(url("experiment_evaluate", in_org, uuid=experiment.uuid), {
        "what_happened": "Het werkte", "what_we_learned": "Klein beginnen", "decision": "keep"})
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.CONCLUDED
    page = login(alice).get(url("experiment", in_org, uuid=experiment.uuid))
    assert "?experiment=" in page.text  # "write the lesson"
    form = login(alice).get(url("lesson_create", in_org) + f"?experiment={experiment.uuid}")
    assert "Klein beginnen" in form.text


def test_a_colleague_in_the_team_cannot_evaluate_someone_elses_experiment(in_org, team, experiment, login):
    from conftest import make_person
    from leerritme.orgs.models import TeamMembership

    frank = make_person(in_org, "frank@vonk.test", "Frank")
    TeamMembership.objects.create(organisation=in_org, team=team, person=frank)
    client = login(frank)
    assert client.get(url("experiment", in_org, uuid=experiment.uuid)).status_code == 200
    assert client.get(url("experiment_evaluate", in_org, uuid=experiment.uuid)).status_code == 403
    assert client.post(url("experiment_move", in_org, uuid=experiment.uuid), {"status": "stopped"}).status_code == 403


def test_moving_with_a_bad_status_shows_a_message(in_org, alice, experiment, login):
    response = login(alice).post(url("experiment_move", in_org, uuid=experiment.uuid), {"status": "concluded"},
                                 follow=True)
    assert response.status_code == 200 and "alert" in response.text
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.RUNNING


def test_who_was_involved_is_not_shown_to_every_reader(in_org, team, alice, bob, carol, make_lesson, login):
    from conftest import make_person
    from leerritme.orgs.models import TeamMembership

    frank = make_person(in_org, "frank@vonk.test", "Frank Mulder")
    TeamMembership.objects.create(organisation=in_org, team=team, person=frank)
    lesson = make_lesson(alice, visibility=LessonVisibility.ORGANISATION, from_mistake=True, involved=(frank,))
    assert "Frank Mulder" in login(frank).get(url("lesson", in_org, uuid=lesson.uuid)).text
    assert "Frank Mulder" in login(bob).get(url("lesson", in_org, uuid=lesson.uuid)).text  # the lead asks consent
    page = login(carol).get(url("lesson", in_org, uuid=lesson.uuid))
    assert page.status_code == 200 and "Frank Mulder" not in page.text


def test_a_draft_lesson_is_404_for_everyone_else(in_org, alice, bob, carol, make_lesson, login):
    draft = make_lesson(alice)
    assert login(alice).get(url("lesson", in_org, uuid=draft.uuid)).status_code == 200
    for person in (bob, carol):
        assert login(person).get(url("lesson", in_org, uuid=draft.uuid)).status_code == 404
        assert draft.title not in login(person).get(url("lessons", in_org)).text


def test_writing_sharing_reacting_and_promoting_a_lesson(in_org, team, alice, bob, login):
    client = login(alice)
    response = client.post(url("lesson_create", in_org), {
        "title": "Druk nameten", "what_happened": "Opgeleverd zonder meting", "what_we_expected": "Geen lek",
        "what_we_learned": "Lek zie je pas later", "do_differently": "Dag erna meten", "from_mistake": "on",
        "team": str(team.uuid), "visibility": "team", "involved": [str(bob.uuid)]})
    lesson = Lesson.objects.get()
    assert response.status_code == 302 and lesson.from_mistake and lesson.visibility == LessonVisibility.TEAM
    assert LearningEvent.objects.filter(kind=LearningKind.LESSON_SHARED).count() == 1
    assert set(Involvement.objects.values_list("person_id", flat=True)) == {alice.pk, bob.pk}
    assert "Bob Jansen" in login(bob).get(url("lesson", in_org, uuid=lesson.uuid)).text
    react = login(bob).post(url("lesson_react", in_org, uuid=lesson.uuid), {"kind": "brave"}, HTTP_HX_REQUEST="true")
    assert react.status_code == 200 and 'aria-pressed="true"' in react.text
    assert LessonReaction.objects.filter(person=bob, kind="brave").exists()
    promote = login(alice).post(url("lesson_promote", in_org, uuid=lesson.uuid))
    article = Article.objects.get()
    assert promote.status_code == 302 and str(article.uuid) in promote.url
    assert login(bob).post(url("lesson_promote", in_org, uuid=lesson.uuid)).status_code == 403


def test_bad_lesson_input_is_shown(in_org, alice, login):
    response = login(alice).post(url("lesson_create", in_org), {"title": "", "visibility": "team"})
    assert response.status_code == 200 and "is-invalid" in response.text
    assert not Lesson.objects.exists()


def test_lesson_of_the_month_through_the_pages(in_org, team, alice, bob, make_lesson, login):
    lesson = make_lesson(alice, visibility=LessonVisibility.TEAM, from_mistake=True)
    assert login(alice).post(url("lesson_month", in_org, uuid=lesson.uuid)).status_code == 403
    assert login(bob).post(url("lesson_month", in_org, uuid=lesson.uuid)).status_code == 302
    assert LessonOfTheMonth.objects.filter(lesson=lesson).exists()
    assert "🎉" not in login(alice).get(url("lesson", in_org, uuid=lesson.uuid)).text
    login(alice).post(url("lesson_consent", in_org, uuid=lesson.uuid), {"consent": Consent.GIVEN})
    assert "🎉" in login(alice).get(url("lesson", in_org, uuid=lesson.uuid)).text
    assert lesson.title in login(bob).get(url("team", in_org, uuid=team.uuid)).text
    assert login(bob).post(url("lesson_consent", in_org, uuid=lesson.uuid), {"consent": "given"}).status_code == 403


def test_the_idea_box_anonymous_votes_and_decisions(in_org, team, alice, bob, erin, login):
    client = login(alice)
    response = client.post(url("ideas", in_org, uuid=team.uuid), {"title": "Maatje voor nieuwe collega's",
                                                                 "anonymous": "on"})
    idea = Idea.objects.get()
    assert response.status_code == 302 and idea.author_id is None
    box = login(bob).get(url("ideas", in_org, uuid=team.uuid))
    assert "Maatje" in box.text and alice.user.name not in box.text
    login(bob).post(url("idea_vote", in_org, uuid=idea.uuid), {"back": "box"})
    assert idea.votes.count() == 1
    assert login(alice).post(url("idea_decide", in_org, uuid=idea.uuid),
                             {"status": "adopted", "reason": "x"}).status_code == 403
    bad = login(bob).post(url("idea_decide", in_org, uuid=idea.uuid), {"status": "adopted", "reason": ""})
    assert bad.status_code == 200 and "is-invalid" in bad.text
    login(bob).post(url("idea_decide", in_org, uuid=idea.uuid), {"status": "adopted", "reason": "Goed idee"})
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.ADOPTED and not LearningEvent.objects.exists()
    team_page = login(bob).get(url("team", in_org, uuid=team.uuid))
    assert 'id="adopted-count">1<' in team_page.text
    assert login(erin).get(url("ideas", in_org, uuid=team.uuid)).status_code == 403
    assert login(erin).post(url("ideas", in_org, uuid=team.uuid), {"title": "x"}).status_code == 403


def test_timelines_show_shared_learning_with_links_and_filters(in_org, team, alice, bob, erin, make_lesson, login):
    lesson = make_lesson(alice, visibility=LessonVisibility.TEAM)
    page = login(bob).get(url("team_timeline", in_org, uuid=team.uuid))
    assert page.status_code == 200 and url("lesson", in_org, uuid=lesson.uuid) in page.text
    assert lesson.title not in login(erin).get(url("timeline", in_org)).text
    filtered = login(bob).get(url("timeline", in_org) + "?kind=action_done&period=week")
    assert filtered.status_code == 200 and lesson.title not in filtered.text
    bad = login(bob).get(url("timeline", in_org) + "?kind=nonsense&period=century&after=garbage")
    assert bad.status_code == 200
    assert login(erin).get(url("team_timeline", in_org, uuid=team.uuid)).status_code == 403


@pytest.mark.parametrize("extra", [5, 40])
def test_the_timeline_page_costs_the_same_however_long(in_org, team, alice, bob, login, extra,
                                                       django_assert_num_queries):
    from leerritme.learning.models import Visibility
    from leerritme.learning.services import learning_events_record_many

    learning_events_record_many([{"person": alice, "kind": LearningKind.REFLECTION_HELD, "title": f"R{i}",
                                  "visibility": Visibility.TEAM, "team": team} for i in range(extra)])
    client = login(bob)
    address = url("team_timeline", in_org, uuid=team.uuid)
    client.get(address)
    # session, user, the organisation's person (middleware), the team, its membership (rule), the events
    with django_assert_num_queries(8):
        assert client.get(address).status_code == 200
