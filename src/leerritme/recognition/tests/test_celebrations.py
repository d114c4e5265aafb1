"""Celebration cards: made by the data-driven rules from recorded learning, seen as the event is, hidden by their
person everywhere, gone with their event; congratulations."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import (
    learning_event_record,
    learning_events_record_many,
    learning_events_remove_for,
)
from leerritme.notifications.models import Notification
from leerritme.recognition import panels, selectors
from leerritme.recognition.celebrations import RHYTHM_RULES, RULES
from leerritme.recognition.models import Celebration, Congratulation
from leerritme.recognition.services.kudos import celebration_congratulate, celebration_hide


def u(name, **kwargs):
    return reverse(f"recognition:{name}", kwargs={"org": "vonk", **kwargs})


def article(person, title, visibility=Visibility.ORGANISATION, **kwargs):
    return learning_event_record(person=person, kind=LearningKind.ARTICLE_WRITTEN, title=title,
                                 visibility=visibility, **kwargs)


def test_the_rules_are_data_with_known_kinds():
    assert len({r.code for r in (*RULES, *RHYTHM_RULES)}) == len(RULES) + len(RHYTHM_RULES)
    assert all(k in LearningKind.values for r in RHYTHM_RULES for k in r.kinds)
    for rule in RULES:
        assert rule.kind in LearningKind.values
        assert rule.every != bool(rule.milestones)
        assert "%(name)s" in str(rule.text)


def test_a_course_completed_gets_a_card_seen_as_the_event_is(in_org, team, alice, bob, erik):
    learning_event_record(person=alice, kind=LearningKind.COURSE_COMPLETED, title="VCA Basis",
                          visibility=Visibility.TEAM, team=team)
    card = Celebration.objects.get()
    assert card.rule == "course_completed" and card.visibility == Visibility.TEAM and card.team == team
    assert "VCA Basis" in card.text and "Alice de Vries" in card.text
    assert selectors.celebrations_visible_to(bob).count() == 1
    assert selectors.celebrations_visible_to(erik).count() == 0


def test_a_private_course_gets_a_card_only_its_person_sees(in_org, alice, bob):
    learning_event_record(person=alice, kind=LearningKind.COURSE_COMPLETED, title="Excel")
    assert selectors.celebrations_visible_to(alice).count() == 1
    assert selectors.celebrations_visible_to(bob).count() == 0


def test_only_the_first_and_tenth_article_are_celebrated(in_org, alice):
    article(alice, "Eerste")
    article(alice, "Tweede")
    assert list(Celebration.objects.values_list("rule", "milestone", "subject")) == [("article", 1, "Eerste")]
    learning_events_record_many([{"person": alice, "kind": LearningKind.ARTICLE_WRITTEN, "title": f"Nr {n}",
                                  "visibility": Visibility.ORGANISATION,
                                  "occurred_at": timezone.now() + timedelta(minutes=n)} for n in range(3, 12)])
    tenth = Celebration.objects.get(rule="article_10")
    assert tenth.milestone == 10 and tenth.subject == "Nr 10"


def test_a_first_article_in_a_batch_is_still_the_first(in_org, alice):
    now = timezone.now()
    learning_events_record_many([{"person": alice, "kind": LearningKind.ARTICLE_WRITTEN, "title": t,
                                  "visibility": Visibility.ORGANISATION, "occurred_at": now + timedelta(minutes=i)}
                                 for i, t in enumerate(["A", "B", "C"])])
    assert list(Celebration.objects.values_list("subject", flat=True)) == ["A"]


def test_coaching_milestones_and_path_completions(in_org, alice):
    learning_events_record_many([{"person": alice, "kind": LearningKind.COACHING_MEETING, "title": f"Gesprek {n}"}
                                 for n in range(5)])
    learning_event_record(person=alice, kind=LearningKind.OTHER, title="Feedback die landt",
                          data={"growth": "path_completed"})
    learning_event_record(person=alice, kind=LearningKind.OTHER, title="Zomaar iets")
    learning_event_record(person=alice, kind=LearningKind.PATH_COMPLETED, title="Feedback geven")
    learning_event_record(person=alice, kind=LearningKind.COACHING_GOAL_REACHED, title="Presenteren voor de klant")
    assert set(Celebration.objects.values_list("rule", flat=True)) == {
        "coaching", "growth_path_completed", "path_completed", "coaching_goal"}


def test_a_quarter_of_kept_rhythm_gets_one_private_card(in_org, alice, bob):
    now = timezone.now()

    def weekly(weeks, start=0):
        learning_events_record_many([{"person": alice, "kind": LearningKind.LEARNING_TIME, "title": "Kwartier",
                                      "minutes": 15, "occurred_at": now - timedelta(weeks=w)}
                                     for w in range(start + weeks - 1, start - 1, -1)])

    weekly(12, start=1)
    assert not Celebration.objects.filter(rule="rhythm_quarter").exists()
    learning_event_record(person=alice, kind=LearningKind.LEARNING_TIME, title="Week 13", minutes=15)
    card = Celebration.objects.get(rule="rhythm_quarter")
    assert card.visibility == Visibility.PRIVATE and "13" in card.text
    assert selectors.celebrations_visible_to(bob).count() == 0
    learning_event_record(person=alice, kind=LearningKind.LEARNING_TIME, title="Nog een", minutes=15,
                          occurred_at=now + timedelta(weeks=1))
    assert Celebration.objects.filter(rule="rhythm_quarter").count() == 1


def test_a_gap_breaks_the_rhythm(in_org, alice):
    now = timezone.now()
    learning_events_record_many([{"person": alice, "kind": LearningKind.REFLECTION_HELD, "title": "R",
                                  "occurred_at": now - timedelta(weeks=w)} for w in range(14) if w != 6])
    assert not Celebration.objects.filter(rule="rhythm_quarter").exists()


def test_a_card_goes_when_its_event_is_withdrawn(in_org, alice, skill):
    article(alice, "Over warmtepompen", obj=skill)
    assert Celebration.objects.count() == 1
    learning_events_remove_for(skill)
    assert Celebration.objects.count() == 0


def test_hidden_cards_are_hidden_everywhere(in_org, team, alice, bob, carol):
    article(alice, "Over warmtepompen")
    card = Celebration.objects.get()
    celebration_congratulate(celebration=card, person=bob)
    with pytest.raises(ValidationError):
        celebration_hide(celebration=card, person=bob)
    celebration_hide(celebration=card, person=alice)
    for viewer in (alice, bob, carol):
        assert selectors.celebrations_visible_to(viewer).count() == 0
        assert selectors.feed(viewer)[0] == []
        assert selectors.feed(viewer, team=team)[0] == []
    request = RequestFactory().get("/")
    request.person = bob
    assert panels.recognition(request) is None
    assert not Congratulation.objects.exists()
    with pytest.raises(ValidationError):
        celebration_congratulate(celebration=card, person=carol)


def test_congratulating_is_once_and_tells_the_person(in_org, alice, bob):
    article(alice, "Over warmtepompen")
    card = Celebration.objects.get()
    assert celebration_congratulate(celebration=card, person=bob) is True
    assert celebration_congratulate(celebration=card, person=bob) is False
    assert Notification.objects.filter(person=alice, kind="recognition.congratulated").count() == 1
    shown = selectors.celebrations_visible_to(bob).get()
    assert shown.cheers == 1 and shown.cheered is True


def test_congratulate_and_hide_through_the_pages(in_org, login, alice, bob, charlie):
    article(alice, "Over warmtepompen")
    card = Celebration.objects.get()
    response = login(bob).post(u("congratulate", uuid=card.uuid), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "You congratulated" in response.content.decode()
    assert login(charlie).post(u("congratulate", uuid=card.uuid)).status_code == 404
    assert login(bob).post(u("celebration_hide", uuid=card.uuid)).status_code == 403
    assert login(alice).post(u("celebration_hide", uuid=card.uuid)).status_code == 302
    assert "Over warmtepompen" not in login(bob).get(u("wall")).content.decode()


def test_the_wall_query_count_stays_constant(in_org, alice, bob, carol, django_assert_max_num_queries):
    article(alice, "Een")
    with django_assert_max_num_queries(8) as few:
        selectors.feed(carol)
    for n in range(10):
        learning_event_record(person=bob, kind=LearningKind.COURSE_COMPLETED, title=f"Cursus {n}",
                              visibility=Visibility.ORGANISATION)
    with django_assert_max_num_queries(len(few.captured_queries)):
        items, _ = selectors.feed(carol)
    assert len(items) == 11
