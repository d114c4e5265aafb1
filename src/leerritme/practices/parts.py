"""The part-link registry: how a practice that has its own part in Leerritme is run by that part.

Some practices are more than a recurring appointment: a lunch & learn is a series of knowledge
sessions, a retrospective is a reflection meeting, an intervision group is a circle. When a team adopts
such a practice, the part that runs it should create its own series (with its own pages, records and
calendar entries) instead of the rhythm part making a second, bare recurrence of its own.

The seam: a part registers one handler for its `PracticePart` value in its AppConfig.ready():

    from leerritme.practices.parts import register_part_handler

    def start_series(adoption) -> str:
        series = knowledge_series_create(team=adoption.team, title=adoption.practice.name, ...)
        return reverse("knowledge:series", kwargs={"org": ..., "uuid": series.uuid})

    register_part_handler("knowledge", start_series, stop=stop_series)

`handler(adoption)` runs inside the adoption's transaction, right after the adoption became active
(adopted directly, or a proposal accepted); it creates the series in that part and returns the URL
the team lead is sent to next (where the part asks for its own details, such as the first date). If
it raises, nothing of the adoption is stored. The optional `stop(adoption)` runs, in the same way, when
the team stops the practice, so the part can end its series.

A practice whose part has no handler (the rhythm part's own practices, and every part until it
registers) gets a rhythm of its own: the lead is sent to the adoption's rhythm page. When a part
records that a session took place or a reflection was closed, it marks the matching occurrence held
through the rhythm part's services (Occurrence.record_type / record_id point at the part's record).

Parts that will register: reflection (reflection meetings), knowledge (knowledge sessions, lunch &
learn, communities), matching (duos, coaching, circles), growth (learning time).
"""

from collections.abc import Callable
from dataclasses import dataclass

PartHandler = Callable[[object], str]
PartStop = Callable[[object], None]


@dataclass(frozen=True)
class PartLink:
    part: str
    start: PartHandler
    stop: PartStop | None = None


_links: dict[str, PartLink] = {}


def register_part_handler(part: str, handler: PartHandler, *, stop: PartStop | None = None) -> PartLink:
    """Let `part` run the practices of that part: `handler(adoption)` creates its series, returns its URL."""
    from leerritme.practices.models import PracticePart

    PracticePart(part)  # an unknown part is a programming mistake: fail at start-up, not on adoption
    link = PartLink(part=part, start=handler, stop=stop)
    _links[part] = link
    return link


def unregister_part_handler(part: str) -> None:
    """Withdraw a part's handler (tests register their own and clean up after themselves)."""
    _links.pop(part, None)


def part_link(part: str) -> PartLink | None:
    return _links.get(part)


def has_part_handler(part: str) -> bool:
    return part in _links
