"""Editing questions and answers: the author or a moderator edits, the earlier text is kept, others may not."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from leerritme.knowledge.kinds import QUESTION_FOR_YOU
from leerritme.knowledge.models import Answer, AnswerVersion, Question, QuestionVersion, SearchEntry
from leerritme.knowledge.search import search
from leerritme.knowledge.services import questions as services
from leerritme.knowledge.tests import helpers
from leerritme.knowledge.tests.helpers import url
from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.notifications.models import Notification

pytestmark = pytest.mark.django_db
english = helpers.english

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)"> [klik](javascript:alert(3))'


def test_editing_a_question_keeps_the_earlier_text_and_marks_it_edited(org, alice, in_org):
    first, second = helpers.skill(org, "Offertes maken"), helpers.skill(org, "Plannen")
    asked = helpers.question(alice, title="Marge?", body="Hoe reken ik dat?", skills=[first])
    services.question_edit(question=asked, by=alice, title="Welke marge op een offerte?", body="Voor **klanten**.",
                           skills=[second])
    asked.refresh_from_db()
    assert asked.title == "Welke marge op een offerte?" and "<strong>klanten</strong>" in asked.body_html
    assert asked.edited_at is not None and asked.edited_by == alice
    assert list(asked.skills.all()) == [second]
    version = QuestionVersion.objects.get()
    assert (version.number, version.title, version.body, version.skill_names) == (
        1, "Marge?", "Hoe reken ik dat?", "Offertes maken")
    assert version.written_by == alice and version.replaced_by == alice
    services.question_edit(question=asked, by=alice, title="Welke marge?", body="", skills=[second])
    assert list(QuestionVersion.objects.order_by("number").values_list("number", "title")) == [
        (1, "Marge?"), (2, "Welke marge op een offerte?")]


def test_saving_without_a_change_adds_no_version(org, alice, in_org):
    asked = helpers.question(alice, title="Marge?", body="Tekst")
    services.question_edit(question=asked, by=alice, title="Marge?", body="Tekst")
    asked.refresh_from_db()
    assert asked.edited_at is None and not QuestionVersion.objects.exists()


def test_the_search_finds_the_new_title(org, alice, bob, in_org):
    asked = helpers.question(alice, title="Marge op een offerte?")
    services.question_edit(question=asked, by=alice, title="Werkbon invullen na de klus?")
    assert [hit.title for hit in search(bob, "werkbon").hits] == ["Werkbon invullen na de klus?"]
    assert SearchEntry.objects.get(kind="question").title == "Werkbon invullen na de klus?"


def test_teachers_of_an_added_skill_hear_of_the_question_once(org, alice, bob, dave, in_org):
    first, second = helpers.skill(org, "A"), helpers.skill(org, "B")
    helpers.give_skill(bob, first)
    helpers.give_skill(bob, second)
    helpers.give_skill(dave, second)
    asked = helpers.question(alice, skills=[first])
    services.question_edit(question=asked, by=alice, title=asked.title, skills=[first, second])
    told = sorted(Notification.objects.filter(kind=QUESTION_FOR_YOU).values_list("person_id", flat=True))
    assert told == sorted([bob.pk, dave.pk])


def test_an_edit_is_checked_like_a_new_question(org, other_org, alice, in_org):
    asked = helpers.question(alice)
    with pytest.raises(ValidationError):
        services.question_edit(question=asked, by=alice, title="  ")
    foreign = helpers.skill(other_org, "Vreemd")
    with pytest.raises(ValidationError):
        services.question_edit(question=asked, by=alice, title="Nieuw", skills=[foreign])
    asked.refresh_from_db()
    assert asked.title == "Hoe reken ik de marge in een offerte?" and not QuestionVersion.objects.exists()


def test_editing_an_answer_keeps_the_earlier_text_and_stays_sanitised(org, alice, bob, carol, in_org):
    asked = helpers.question(alice)
    answer = services.answer_add(question=asked, author=bob, body="Kostprijs plus opslag.")
    services.answer_edit(answer=answer, by=bob, body=XSS)
    answer.refresh_from_db()
    for bad in ("<script", "<img", 'href="javascript'):
        assert bad not in answer.body_html
    services.answer_edit(answer=answer, by=carol, body="Kostprijs plus 20% opslag.")
    versions = list(AnswerVersion.objects.order_by("number"))
    assert [(v.number, v.body, v.written_by, v.replaced_by) for v in versions] == [
        (1, "Kostprijs plus opslag.", bob, bob), (2, XSS, bob, carol)]
    answer.refresh_from_db()
    assert answer.edited_by == carol
    with pytest.raises(ValidationError):
        services.answer_edit(answer=answer, by=bob, body=" ")


def test_removing_an_accepted_answer_withdraws_the_teaching(org, alice, bob, carol, in_org):
    asked = helpers.question(alice)
    answer = services.answer_add(question=asked, author=bob, body="Zo.")
    services.answer_edit(answer=answer, by=bob, body="Zo dus.")
    services.answer_accept(question=asked, answer=answer, by=alice)
    assert LearningEvent.objects.filter(kind=LearningKind.SKILL_TAUGHT).exists()
    services.answer_remove(answer=answer, by=carol)
    asked.refresh_from_db()
    assert asked.accepted_answer is None and asked.answer_count == 0
    assert not Answer.objects.exists() and not AnswerVersion.objects.exists()
    assert not LearningEvent.objects.filter(kind=LearningKind.SKILL_TAUGHT).exists()


def test_removing_a_question_takes_everything_with_it(org, alice, bob, carol, in_org):
    asked = helpers.question(alice, title="Marge op een offerte?")
    answer = services.answer_add(question=asked, author=bob, body="Zo.")
    services.answer_accept(question=asked, answer=answer, by=alice)
    services.question_edit(question=asked, by=alice, title="Marge?")
    services.question_remove(question=asked, by=carol)
    assert not Question.objects.exists() and not Answer.objects.exists()
    assert not SearchEntry.objects.filter(kind="question").exists()
    assert not LearningEvent.objects.filter(kind=LearningKind.SKILL_TAUGHT).exists()


def test_the_asker_edits_through_the_page(org, alice, english):
    offertes = helpers.skill(org)
    asked = helpers.question(alice, title="Marge?")
    client = english(alice)
    page = client.get(url("question_edit", asked))
    assert page.status_code == 200 and b'value="Marge?"' in page.content
    response = client.post(url("question_edit", asked), {"title": "Welke marge?", "body": "Nu **vet**",
                                                          "skills": [offertes.pk]})
    assert response.status_code == 302 and response.url == url("question", asked)
    page = client.get(url("question", asked)).content.decode()
    assert "Welke marge?" in page and "edited" in page and url("question_history", asked) in page
    history = client.get(url("question_history", asked)).content.decode()
    assert "Marge?" in history and "Version 1" in history


def test_a_bad_edit_gets_a_message_and_changes_nothing(org, alice, english):
    asked = helpers.question(alice, title="Marge?")
    response = english(alice).post(url("question_edit", asked), {"title": ""})
    assert response.status_code == 400 and b"is-invalid" in response.content
    asked.refresh_from_db()
    assert asked.title == "Marge?"


def test_the_author_edits_an_answer_through_the_page(org, alice, bob, english):
    asked = helpers.question(alice)
    with scope(organisation=org):
        answer = services.answer_add(question=asked, author=bob, body="Eerst.")
    client = english(bob)
    assert client.get(url("answer_edit", answer)).status_code == 200
    response = client.post(url("answer_edit", answer), {"body": "Daarna, <script>x()</script>"})
    assert response.status_code == 302
    page = client.get(url("question", asked)).content.decode()
    assert "Daarna" in page and "<script>x()" not in page and url("answer_history", answer) in page
    assert "Eerst." in client.get(url("answer_history", answer)).content.decode()
    assert client.post(url("answer_edit", answer), {"body": ""}).status_code == 400


def test_others_may_not_edit_or_remove(org, alice, bob, dave, login):
    """Dave is an owner (a moderator); Bob only answered; Alice only asked."""
    asked = helpers.question(alice)
    with scope(organisation=org):
        answer = services.answer_add(question=asked, author=bob, body="Zo.")
    client = login(bob)
    assert client.get(url("question_edit", asked)).status_code == 403
    assert client.post(url("question_edit", asked), {"title": "Gekaapt"}).status_code == 403
    assert client.get(url("question_history", asked)).status_code == 403
    assert client.post(url("question_remove", asked)).status_code == 403
    client = login(alice)
    assert client.get(url("answer_edit", answer)).status_code == 403
    assert client.get(url("answer_history", answer)).status_code == 403
    assert client.post(url("answer_remove", answer)).status_code == 403
    # Once answered, the asker no longer removes the question on their own.
    assert client.post(url("question_remove", asked)).status_code == 403
    with scopes_disabled():
        assert Question.objects.filter(title="Hoe reken ik de marge in een offerte?").exists()
        assert Answer.objects.filter(body="Zo.").exists()


def test_a_moderator_edits_and_removes(org, alice, bob, carol, login):
    asked = helpers.question(alice)
    with scope(organisation=org):
        answer = services.answer_add(question=asked, author=bob, body="Onzin.")
    client = login(carol)
    assert client.post(url("answer_edit", answer), {"body": "Beter."}).status_code == 302
    assert client.post(url("question_edit", asked), {"title": "Nette vraag"}).status_code == 302
    assert client.post(url("answer_remove", answer)).status_code == 302
    assert client.post(url("question_remove", asked)).status_code == 302
    with scopes_disabled():
        assert not Question.objects.exists() and not Answer.objects.exists()


def test_the_asker_removes_an_unanswered_question(org, alice, login):
    asked = helpers.question(alice)
    response = login(alice).post(url("question_remove", asked))
    assert response.status_code == 302 and response.url == url("questions", org=org)
    with scopes_disabled():
        assert not Question.objects.exists()


def test_charlie_gets_404_on_edits(org, alice, bob, charlie, login):
    asked = helpers.question(alice)
    with scope(organisation=org):
        answer = services.answer_add(question=asked, author=bob, body="Zo.")
    client = login(charlie)
    for name, obj in (("question_edit", asked), ("question_history", asked), ("answer_edit", answer),
                      ("answer_history", answer)):
        assert client.get(url(name, obj)).status_code == 404
    for name, obj in (("question_edit", asked), ("question_remove", asked), ("answer_edit", answer),
                      ("answer_remove", answer)):
        assert client.post(url(name, obj), {"title": "x", "body": "x"}).status_code == 404


def test_an_edited_question_page_keeps_constant_queries(org, alice, bob, login, django_assert_max_num_queries):
    asked = helpers.question(alice)
    with scope(organisation=org):
        answer = services.answer_add(question=asked, author=bob, body="Een")
    client = login(alice)
    with django_assert_max_num_queries(20) as few:
        client.get(url("question", asked))
    with scope(organisation=org):
        for number in range(5):
            services.answer_edit(answer=answer, by=bob, body=f"Versie {number}")
            services.question_edit(question=asked, by=alice, title=f"Vraag {number}")
            services.answer_add(question=asked, author=bob, body=f"Nog een {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("question", asked))
