"""Fixtures for the pages around the board: a team of five and a closed retrospective with everything in it."""

__all__ = ["crew", "closed_retro", "run_session"]

from datetime import timedelta

import pytest
from django.utils import timezone

from leerritme.reflection.tests.board_fixtures import add_member


@pytest.fixture
def crew(org, team, alice, bob):
    """alice, bob (lead) and three more members: enough for a check-out aggregate at threshold 5."""
    return [alice, bob, add_member(org, team, "erik@vonk.test", "Erik Mulder"),
            add_member(org, team, "fenna@vonk.test", "Fenna Smit"),
            add_member(org, team, "gijs@vonk.test", "Gijs de Boer")]


def run_session(team, lead, people, *, checkouts=None, title="Sprint 12", cards=None, action_owner=None,
                wants_email=()):
    """Start, fill and close a retrospective through the board's services; returns the closed session."""
    from leerritme.reflection.models import Participant
    from leerritme.reflection.services import (
        action_create,
        card_add,
        card_move,
        checkout_submit,
        group_create,
        session_close,
        session_join,
        session_phase_set,
        session_reveal,
        session_start,
        vote_cast,
    )

    session = session_start(team=team, by=lead, format="retrospective", template_key="went_well", title=title)
    session_phase_set(session, by=lead, phase="write")
    for person in people:
        session_join(session, person=person)
    Participant.objects.filter(session=session, person__in=list(wants_email)).update(wants_summary_email=True)
    cards = cards if cards is not None else [
        (people[0], "went_well", "Pairing on the boiler job", False),
        (people[1], "went_well", "Clear planning on Monday", False),
        (people[2 % len(people)], "better", "Parts arrive late", True),
        (people[0], "better", "Too many interruptions", False),
    ]
    made = [card_add(session, by=person, column=column, text=text, anonymous=anonymous)[0]
            for person, column, text, anonymous in cards]
    session_reveal(session, by=lead)
    session_phase_set(session, by=lead, phase="group")
    if len(made) >= 4:
        group = group_create(session, by=lead, column="better", title="Flow of work")
        card_move(made[2], by=lead, group=group)
        card_move(made[3], by=lead, group=group)
    session_phase_set(session, by=lead, phase="vote")
    if made:
        vote_cast(session, by=people[0], card=made[0])
        vote_cast(session, by=people[1], card=made[0])
        if len(made) >= 3:
            vote_cast(session, by=people[1], card=made[2])
    session_phase_set(session, by=lead, phase="actions")
    action_create(session, by=lead, text="Order parts a week ahead", owner=action_owner or people[0],
                  due_date=timezone.localdate() + timedelta(days=10))
    session_phase_set(session, by=lead, phase="checkout")
    for person, (quality, dynamics, word) in zip(people, checkouts or [], strict=False):
        checkout_submit(session, by=person, quality=quality, dynamics=dynamics, word=word)
    return session_close(session, by=lead)


@pytest.fixture
def closed_retro(in_org, team, crew, mailoutbox, django_capture_on_commit_callbacks):
    bob = crew[1]
    scores = [(4, 3, "busy"), (5, 4, "good"), (3, 3, "Busy"), (4, 5, ""), (4, 4, "calm")]
    with django_capture_on_commit_callbacks(execute=True):
        return run_session(team, bob, crew, checkouts=scores, wants_email=[crew[0]])
