"""Questions and answers: routing to the colleagues who can teach, answers, upvotes, accepting."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from conftest import make_person
from leerritme.knowledge.kinds import ANSWERED, QUESTION_FOR_YOU
from leerritme.knowledge.models import Question
from leerritme.knowledge.services import questions as services
from leerritme.knowledge.tests import helpers
from leerritme.knowledge.tests.helpers import url
from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.notifications.models import Notification
from leerritme.notifications.services import notification_preference_set

pytestmark = pytest.mark.django_db
english = helpers.english


def notified(kind):
    with scopes_disabled():
        return sorted(Notification.objects.filter(kind=kind).values_list("person_id", flat=True))


def test_asking_tells_the_colleagues_who_can_teach_its_skills(org, alice, bob, carol, dave):
    offertes = helpers.skill(org, "Offertes maken")
    helpers.give_skill(bob, offertes, level=4)
    helpers.give_skill(carol, offertes, level=2, can_teach=False)
    helpers.give_skill(alice, offertes, level=3)  # the asker is not told about their own question
    helpers.question(alice, skills=[offertes])
    assert notified(QUESTION_FOR_YOU) == [bob.pk]


def test_a_teacher_of_two_skills_hears_once(org, alice, bob):
    a, b = helpers.skill(org, "A"), helpers.skill(org, "B")
    helpers.give_skill(bob, a)
    helpers.give_skill(bob, b)
    helpers.question(alice, skills=[a, b])
    assert notified(QUESTION_FOR_YOU) == [bob.pk]


def test_it_respects_the_teachers_email_preference(org, alice, bob, mailoutbox, django_capture_on_commit_callbacks):
    offertes = helpers.skill(org)
    helpers.give_skill(bob, offertes)
    with scope(organisation=org):
        notification_preference_set(person=bob, kind=QUESTION_FOR_YOU, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        helpers.question(alice, skills=[offertes])
    assert notified(QUESTION_FOR_YOU) == [bob.pk]  # in the app
    assert mailoutbox == []  # but not by e-mail


def test_the_teacher_gets_an_email_by_default(org, alice, bob, mailoutbox, django_capture_on_commit_callbacks):
    offertes = helpers.skill(org)
    helpers.give_skill(bob, offertes)
    with django_capture_on_commit_callbacks(execute=True):
        helpers.question(alice, skills=[offertes])
    assert [m.to for m in mailoutbox] == [[bob.user.email]]


def test_a_deactivated_teacher_is_not_asked(org, alice, bob):
    offertes = helpers.skill(org)
    helpers.give_skill(bob, offertes)
    bob.is_active = False
    with scopes_disabled():
        bob.save(update_fields=["is_active"])
    helpers.question(alice, skills=[offertes])
    assert notified(QUESTION_FOR_YOU) == []


def test_answers_tell_the_asker_and_accepting_records_teaching(org, alice, bob, in_org):
    asked = helpers.question(alice)
    answer = services.answer_add(question=asked, author=bob, body="Kostprijs plus opslag.")
    assert notified(ANSWERED) == [alice.pk]
    asked.refresh_from_db()
    assert asked.answer_count == 1
    services.answer_accept(question=asked, answer=answer, by=alice)
    assert LearningEvent.objects.filter(person=bob, kind=LearningKind.SKILL_TAUGHT).count() == 1
    services.answer_accept(question=asked, answer=None, by=alice)
    assert not LearningEvent.objects.filter(kind=LearningKind.SKILL_TAUGHT).exists()


def test_upvotes_toggle_and_nobody_upvotes_themselves(org, alice, bob, carol, in_org):
    asked = helpers.question(alice)
    answer = services.answer_add(question=asked, author=bob, body="Zo.")
    services.answer_vote(answer=answer, person=alice)
    services.answer_vote(answer=answer, person=carol)
    assert answer.votes == 2
    services.answer_vote(answer=answer, person=carol)
    assert answer.votes == 1
    with pytest.raises(ValidationError):
        services.answer_vote(answer=answer, person=bob)


def test_empty_question_or_answer_is_refused(org, alice, in_org):
    with pytest.raises(ValidationError):
        services.question_ask(asker=alice, title="  ")
    asked = helpers.question(alice)
    with pytest.raises(ValidationError):
        services.answer_add(question=asked, author=alice, body=" ")


def test_the_pages_ask_answer_vote_and_accept(org, alice, bob, login):
    offertes = helpers.skill(org)
    helpers.give_skill(bob, offertes)
    response = login(alice).post(url("question_create", org=org), {"title": "Hoe bereken ik de marge?",
                                                                     "skills": [offertes.pk]})
    with scope(organisation=org):
        asked = Question.objects.get()
    assert response.status_code == 302 and response.url == url("question", asked)
    client = login(bob)
    response = client.post(url("answer_create", asked), {"body": "Kostprijs **plus** opslag."})
    assert response.status_code == 302
    with scope(organisation=org):
        answer = asked.answers.get()
    page = client.get(url("question", asked)).content.decode()
    assert "<strong>plus</strong>" in page
    assert login(alice).post(url("answer_vote", answer), HTTP_HX_REQUEST="true").status_code == 200
    assert login(bob).post(url("answer_accept", answer)).status_code == 403
    assert login(alice).post(url("answer_accept", answer)).status_code == 302
    asked.refresh_from_db()
    assert asked.accepted_answer_id == answer.pk


def test_an_empty_answer_gets_a_message(org, alice, english):
    asked = helpers.question(alice)
    response = english(alice).post(url("answer_create", asked), {"body": ""})
    assert response.status_code == 400 and b"is-invalid" in response.content


def test_the_expert_sees_the_question_on_the_list(org, alice, bob, login):
    offertes = helpers.skill(org)
    helpers.give_skill(bob, offertes)
    helpers.question(alice, title="Marge op een offerte?", skills=[offertes])
    page = login(bob).get(url("questions", org=org)).content.decode()
    assert page.count("Marge op een offerte?") == 2  # under "questions you can help with" and in the list


def test_charlie_gets_404(org, alice, bob, charlie, login):
    asked = helpers.question(alice)
    with scope(organisation=org):
        answer = services.answer_add(question=asked, author=bob, body="Zo.")
    client = login(charlie)
    assert client.get(url("question", asked)).status_code == 404
    assert client.get(url("questions", org=org)).status_code == 404
    assert client.post(url("answer_create", asked), {"body": "x"}).status_code == 404
    assert client.post(url("answer_vote", answer)).status_code == 404
    assert client.post(url("answer_accept", answer)).status_code == 404


def test_the_list_and_question_have_constant_queries(org, alice, bob, login, django_assert_max_num_queries):
    skills = [helpers.skill(org, f"S{i}") for i in range(3)]
    asked = helpers.question(alice, skills=skills)
    with scope(organisation=org):
        services.answer_add(question=asked, author=bob, body="Een")
    client = login(bob)
    with django_assert_max_num_queries(14) as few_list:
        client.get(url("questions", org=org))
    with django_assert_max_num_queries(14) as few_detail:
        client.get(url("question", asked))
    for number in range(8):
        helpers.question(alice, title=f"Vraag {number}", skills=skills)
        person = make_person(org, f"a{number}@vonk.test", f"A {number}")
        with scope(organisation=org):
            services.answer_add(question=asked, author=person, body=f"Antwoord {number}")
    with django_assert_max_num_queries(len(few_list.captured_queries)):
        client.get(url("questions", org=org))
    with django_assert_max_num_queries(len(few_detail.captured_queries)):
        client.get(url("question", asked))
