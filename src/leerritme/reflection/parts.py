"""How the practices the reflection part runs become sessions: which board each practice starts with.

Reflection registers no part handler with `practices.parts`, on purpose. A handler tells the rhythm part
that the part keeps a series of its own instead of a rhythm: the team rhythm page then stops offering
"Set a rhythm" and the demo plans no rhythm for such practices. A reflection round, a check-out or a
retrospective has no series of its own: it happens in a team meeting the rhythm already plans, with its
day and time, holidays, skipped and moved times, reminders, calendar feeds and adherence. So the rhythm
keeps the recurrence, and one session is one of its occurrences: it is started from the occurrence
(`ReflectionSession.occurrence`, offered on the team's reflection page on the day itself), and closing it
marks the occurrence held with the session as its record. What adopting such a practice still needs is
the board it starts with, chosen here from the practice.
"""

from leerritme.reflection.models import Format

# Catalogue key → (format, built-in board): the board that fits what the practice asks of the team.
PRACTICE_BOARDS: dict[str, tuple[str, str]] = {
    "reflection-round": (Format.ROUND, "round"),
    "check-out": (Format.ROUND, "round"),
    "feedback-round": (Format.ROUND, "round"),
    "retrospective": (Format.RETROSPECTIVE, "went_well"),
    "lessons-from-mistakes": (Format.RETROSPECTIVE, "kolb"),
    "how-we-learn": (Format.RETROSPECTIVE, "4l"),
    "project-evaluation": (Format.EVALUATION, "pizza"),
}
DEFAULT_BOARD = (Format.ROUND, "round")


def board_for_practice(practice) -> tuple[str, str]:
    """(format, built-in board key) a session of this practice starts with; the organisation's own
    practices of the reflection part start as a reflection round."""
    return PRACTICE_BOARDS.get(practice.key, DEFAULT_BOARD)


def board_for_occurrence(occurrence) -> tuple[str, str]:
    return board_for_practice(occurrence.rhythm.adoption.practice)
