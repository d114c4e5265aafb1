"""The built-in board templates: code, not rows, so every organisation gets them translated and up to date."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from leerritme.reflection.models import Format


@dataclass(frozen=True)
class Column:
    key: str
    title: Promise
    prompt: Promise


@dataclass(frozen=True)
class BuiltInBoard:
    key: str
    name: Promise
    format: str
    columns: tuple[Column, ...]

    def columns_json(self) -> list[dict]:
        """The columns as a session stores them: translated now, in the starter's language."""
        return [{"key": c.key, "title": str(c.title), "prompt": str(c.prompt)} for c in self.columns]


BOARDS: dict[str, BuiltInBoard] = {
    b.key: b for b in (
        BuiltInBoard("round", _("Reflection round"), Format.ROUND, (
            Column("learned", _("What have we learned"),
                   _("What have we learned from this approach?")),
            Column("repeat", _("Successes to repeat"), _("Which successes can we repeat?")),
            Column("improve", _("Room for improvement"), _("Where do we see room for improvement?")),
        )),
        BuiltInBoard("went_well", _("Went well / could be better / actions"), Format.RETROSPECTIVE, (
            Column("went_well", _("Went well"), _("What went well?")),
            Column("better", _("Could be better"), _("What could be better?")),
            Column("actions", _("Actions"), _("What will we do about it?")),
        )),
        BuiltInBoard("start_stop_continue", _("Start, stop, continue"), Format.RETROSPECTIVE, (
            Column("start", _("Start"), _("What should we start doing?")),
            Column("stop", _("Stop"), _("What should we stop doing?")),
            Column("continue", _("Continue"), _("What should we keep doing?")),
        )),
        BuiltInBoard("4l", _("4L: liked, learned, lacked, longed for"), Format.RETROSPECTIVE, (
            Column("liked", _("Liked"), _("What did you like?")),
            Column("learned", _("Learned"), _("What did you learn?")),
            Column("lacked", _("Lacked"), _("What was missing?")),
            Column("longed_for", _("Longed for"), _("What did you long for?")),
        )),
        BuiltInBoard("sailboat", _("Sailboat"), Format.RETROSPECTIVE, (
            Column("wind", _("Wind"), _("What drives us?")),
            Column("anchors", _("Anchors"), _("What holds us back?")),
            Column("rocks", _("Rocks"), _("Which risks lie ahead?")),
            Column("island", _("Island"), _("What is our goal?")),
        )),
        BuiltInBoard("kolb", _("Kolb's four steps"), Format.RETROSPECTIVE, (
            Column("experience", _("Experience"), _("What happened? What did we do?")),
            Column("reflect", _("Reflect"), _("What did we notice? How did it feel?")),
            Column("conceptualise", _("Conceptualise"), _("What do we conclude? Which pattern do we see?")),
            Column("experiment", _("Experiment"), _("What will we try next time?")),
        )),
        BuiltInBoard("pizza", _("Pizza moment"), Format.EVALUATION, (
            Column("went_well", _("What went well"), _("What went well in this project?")),
            Column("hard", _("What was hard"), _("What was hard in this project?")),
            Column("next", _("For the next project"), _("What do we take to the next project?")),
        )),
    )
}

# The board a format starts with when nobody chooses one.
DEFAULT_FOR_FORMAT = {Format.ROUND: "round", Format.RETROSPECTIVE: "went_well", Format.EVALUATION: "pizza"}


def boards_for_format(format: str) -> list[BuiltInBoard]:
    return [b for b in BOARDS.values() if b.format == format]
