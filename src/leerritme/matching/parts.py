"""This part runs the team practices of the duo and circle parts (practices.parts seam).

Adopting "rotating duos", "shadowing" or "virtual coffee" (part duos), or "intervision" or "learning
circle" (part circles) for a team creates a programme for that team here; the lead is sent to it to
start the first round. Stopping the practice stops the programme; its groups and reflections stay.
"""

from django.urls import reverse
from django.utils.translation import gettext

from leerritme.matching.models import Programme, ProgrammeKind, Protocol, Reach
from leerritme.matching.services import programme_create, programme_stop
from leerritme.practices.parts import register_part_handler

KINDS = {"virtual-coffee": ProgrammeKind.COFFEE, "intervision": ProgrammeKind.CIRCLES,
         "learning-circle": ProgrammeKind.CIRCLES}


def start_programme(adoption) -> str:
    practice = adoption.practice
    kind = KINDS.get(practice.key, ProgrammeKind.CIRCLES if practice.part == "circles" else ProgrammeKind.DUOS)
    circles = kind == ProgrammeKind.CIRCLES
    programme = programme_create(
        organisation=adoption.organisation, kind=kind, reach=Reach.TEAM, teams=[adoption.team],
        name=gettext("%(practice)s – %(team)s") % {"practice": practice.name, "team": adoption.team.name},
        purpose=adoption.purpose, created_by=adoption.owner, group_size=5 if circles else 2,
        rotating=practice.key != "intervision",
        protocol=Protocol.INCIDENT if practice.key == "intervision" else "",
    )
    if kind == ProgrammeKind.COFFEE:
        # Virtual coffee for one team: everyone in it takes part (the organisation-wide one is opt-in).
        programme.opt_in = False
        programme.save(update_fields=["opt_in"])
    programme.adoption = adoption
    programme.save(update_fields=["adoption"])
    return reverse("matching:programme", kwargs={"org": adoption.organisation.slug, "uuid": programme.uuid})


def stop_programme(adoption) -> None:
    for programme in Programme.objects.filter(adoption=adoption, is_active=True):
        programme_stop(programme=programme)


def register() -> None:
    """Let this part run the duo and circle practices (called from MatchingConfig.ready())."""
    register_part_handler("duos", start_programme, stop=stop_programme)
    register_part_handler("circles", start_programme, stop=stop_programme)
