"""Addresses of the board's own pages (views/board.py), as the pages around the board link to them."""

from django.urls import NoReverseMatch, reverse


def _reverse(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # the board's pages are another module's; a missing one must not break these pages
        return ""


def board_url(session) -> str:
    return _reverse("reflection:board", org=session.organisation.slug, uuid=session.uuid)


def start_url(team) -> str:
    return _reverse("reflection:start", org=team.organisation.slug, uuid=team.uuid)


def start_from_occurrence_url(occurrence, organisation) -> str:
    return _reverse("reflection:start_occurrence", org=organisation.slug, uuid=occurrence.uuid)
