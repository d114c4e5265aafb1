"""The reflection models' own guarantees, enforced by the database."""

import pytest
from django.db import IntegrityError, transaction

from leerritme.reflection.boards import BOARDS, DEFAULT_FOR_FORMAT
from leerritme.reflection.models import PHASES, Card, Format, Phase, Vote
from leerritme.reflection.tests.board_fixtures import *  # noqa: F403 (fixtures)


def test_phases_run_from_follow_up_to_closed():
    assert [p.value for p in PHASES] == ["followup", "write", "group", "vote", "discuss", "actions", "checkout",
                                         "closed"]
    assert PHASES[0] == Phase.FOLLOWUP


def test_every_built_in_board_has_one_to_eight_columns_with_unique_keys():
    assert set(BOARDS) == {"round", "went_well", "start_stop_continue", "4l", "sailboat", "kolb", "pizza"}
    for board in BOARDS.values():
        keys = [c.key for c in board.columns]
        assert 1 <= len(keys) <= 8 and len(set(keys)) == len(keys)
        assert all(c.title and c.prompt for c in board.columns)
    assert {BOARDS[key].format for key in DEFAULT_FOR_FORMAT.values()} == set(Format.values)


def test_an_anonymous_card_cannot_have_an_author(retro, org, alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Card.objects.create(organisation=org, session=retro, column="went_well", text="x", author=alice,
                            anonymous=True)


def test_a_vote_goes_on_a_card_or_a_group_never_both_or_neither(retro, org, alice):
    card = Card.objects.create(organisation=org, session=retro, column="went_well", text="x", author=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(organisation=org, session=retro, person=alice)
    from leerritme.reflection.models import CardGroup

    group = CardGroup.objects.create(organisation=org, session=retro, column="went_well", title="G")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(organisation=org, session=retro, person=alice, card=card, group=group)
    Vote.objects.create(organisation=org, session=retro, person=alice, card=card)
