"""Forms of the board: starting a session, and each thing one does on the board without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leerritme.reflection.boards import BOARDS
from leerritme.reflection.models import ACTION_MAX_LENGTH, CARD_MAX_LENGTH, Format, Phase


def board_choices(templates) -> list[tuple[str, list[tuple[str, str]]]]:
    """Built-in boards by format, then the team's and the organisation's own templates ("t:<uuid>")."""
    groups = []
    for fmt in Format:
        groups.append((str(fmt.label), [(b.key, str(b.name)) for b in BOARDS.values() if b.format == fmt]))
    own = [(f"t:{t.uuid}", t.name) for t in templates]
    if own:
        groups.append((str(_("Our own templates")), own))
    return groups


class SessionStartForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices, initial=Format.RETROSPECTIVE)
    board = forms.ChoiceField(label=_("Board"), help_text=_("The columns everyone writes in."))
    title = forms.CharField(label=_("Title"), max_length=150, required=False,
                            help_text=_("Optional, for instance the sprint or the meeting."))
    project_name = forms.CharField(label=_("Project"), max_length=150, required=False,
                                   help_text=_("For a project evaluation: the project you look back on."))
    project_start = forms.DateField(label=_("Project start"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    project_end = forms.DateField(label=_("Project end"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    votes_per_person = forms.IntegerField(label=_("Votes per person"), min_value=1, max_value=10, initial=3)
    allow_anonymous = forms.BooleanField(label=_("Allow anonymous cards"), required=False, initial=True)

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = {str(t.uuid): t for t in templates}
        self.fields["board"].choices = board_choices(templates)

    def clean(self):
        data = super().clean()
        board, fmt = data.get("board", ""), data.get("format")
        data["template"], data["template_key"] = None, ""
        if board.startswith("t:"):
            data["template"] = self.templates.get(board[2:])
        elif board in BOARDS:
            data["template_key"] = board
            if fmt and BOARDS[board].format != fmt:
                # A built-in board belongs to one format; choosing the board decides.
                data["format"] = BOARDS[board].format
        if fmt == Format.EVALUATION and not (data.get("project_name") or "").strip():
            self.add_error("project_name", _("Name the project you look back on."))
        return data


class CardAddForm(forms.Form):
    column = forms.CharField(label=_("Column"), max_length=40)
    text = forms.CharField(label=_("Card"), max_length=CARD_MAX_LENGTH, strip=True,
                           error_messages={"required": _("Write something on the card first.")})
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)


class CardEditForm(forms.Form):
    card = forms.UUIDField()
    version = forms.IntegerField(min_value=1)
    text = forms.CharField(label=_("Card"), max_length=CARD_MAX_LENGTH,
                           error_messages={"required": _("Write something on the card first.")})


class CardForm(forms.Form):
    card = forms.UUIDField()


class CardMoveForm(forms.Form):
    card = forms.UUIDField()
    group = forms.CharField(required=False)  # a group's uuid, or "column:<key>" to take it out


class GroupCreateForm(forms.Form):
    column = forms.CharField(label=_("Column"), max_length=40)
    title = forms.CharField(label=_("Group title"), max_length=150)


class GroupForm(forms.Form):
    group = forms.UUIDField()
    title = forms.CharField(label=_("Group title"), max_length=150, required=False)


class VoteForm(forms.Form):
    card = forms.UUIDField(required=False)
    group = forms.UUIDField(required=False)


class ActionCreateForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=ACTION_MAX_LENGTH,
                           error_messages={"required": _("Describe the action.")})
    owner = forms.UUIDField(label=_("Owner"), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ActionReviewForm(forms.Form):
    action = forms.UUIDField()
    outcome = forms.ChoiceField(choices=[("done", _("Done")), ("kept", _("Kept open")), ("dropped", _("Dropped"))])


class CheckOutForm(forms.Form):
    SCORES = [(i, str(i)) for i in range(1, 6)]
    quality = forms.TypedChoiceField(label=_("Quality of the meeting"), choices=SCORES, coerce=int,
                                     widget=forms.RadioSelect)
    dynamics = forms.TypedChoiceField(label=_("Team dynamics"), choices=SCORES, coerce=int,
                                      widget=forms.RadioSelect)
    word = forms.CharField(label=_("One word (optional)"), max_length=40, required=False)


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    minutes = forms.IntegerField(label=_("Timer in minutes"), min_value=1, max_value=120, required=False)

