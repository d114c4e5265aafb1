"""The steps of the intervision protocols, shown on a circle's page during its session."""

from django.utils.translation import gettext_lazy as _

from leerritme.matching.models import Protocol

STEPS = {
    Protocol.INCIDENT: [
        (_("Choose an incident"), _("Everyone names a recent work situation in a sentence; the group chooses one.")),
        (_("Tell the incident"), _("The one who brought it tells what happened, in a few minutes, without "
                                   "interruption.")),
        (_("Ask for facts"), _("Everyone asks factual questions only: who, what, when, where. No advice yet.")),
        (_("State the question"), _("The one who brought it says what they want to learn from the group.")),
        (_("Think alone"), _("Everyone writes down how they would have acted, and why.")),
        (_("Share and discuss"), _("Round the table: each view, then a conversation about the differences.")),
        (_("Look back"), _("The one who brought it says what they take away; the group what it learned.")),
    ],
    Protocol.BALINT: [
        (_("Bring a case"), _("Someone tells a case that keeps them busy.")),
        (_("Ask questions"), _("The group asks questions to understand it.")),
        (_("Listen"), _("The one who brought it sits back and listens while the group talks about the case.")),
        (_("Respond"), _("The one who brought it says what struck them.")),
        (_("Close"), _("Everyone names one thing they learned.")),
    ],
    Protocol.FIVE_WHYS: [
        (_("Describe the problem"), _("Say what went wrong, concretely and without blame.")),
        (_("Ask why, five times"), _("Each answer leads to the next 'why?' until you reach a cause you can change.")),
        (_("Choose an action"), _("Agree on one step and who takes it.")),
    ],
}


def steps_for(protocol: str) -> list[tuple[str, str]]:
    return STEPS.get(protocol, [])
