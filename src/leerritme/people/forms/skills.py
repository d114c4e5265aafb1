from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from leerritme.lib.forms import Bootstrap
from leerritme.people.models import PersonSkill, Skill, SkillLevel

# format_lazy keeps the level names translatable (an f-string would fix them at import time).
LEVEL_CHOICES = [
    ("", _("No level given")),
    *[(value, format_lazy("{} – {}", value, label)) for value, label in SkillLevel.choices],
]


def _level_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Level"), choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False,
        help_text=_("1 beginner, 2 practised, 3 proficient, 4 expert."),
    )


class SkillForm(Bootstrap, forms.Form):
    """A skill of the taxonomy, as L&D admins edit it."""

    name = forms.CharField(label=_("Name"), max_length=150)
    category = forms.CharField(
        label=_("Category"), max_length=100, required=False,
        help_text=_("Skills are grouped by category, for example “Technique” or “Working together”."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the skill means here, so that colleagues rate themselves alike."),
    )

    def __init__(self, *args, categories: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories or []
        self.fields["category"].widget.attrs["list"] = "skill-categories"


class PersonSkillForm(Bootstrap, forms.Form):
    """How a person holds one skill on their profile."""

    level = _level_field()
    can_teach = forms.BooleanField(label=_("I can teach this to a colleague"), required=False)
    wants_to_learn = forms.BooleanField(label=_("I want to learn (more of) this"), required=False)
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False,
        help_text=_("For example what you know of it, or what you would like to learn."),
    )

    @classmethod
    def for_entry(cls, entry: PersonSkill, data=None) -> "PersonSkillForm":
        """The edit form of one skill on the profile, with ids unique on a page that lists many."""
        return cls(
            data,
            auto_id=f"id_skill_{entry.skill.uuid.hex}_%s",
            initial={"level": entry.level, "can_teach": entry.can_teach,
                     "wants_to_learn": entry.wants_to_learn, "note": entry.note},
        )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("level") is None and not cleaned.get("can_teach")
                and not cleaned.get("wants_to_learn") and not self.errors):
            raise forms.ValidationError(
                _("Give your level, or mark that you can teach it or want to learn it."), code="empty"
            )
        return cleaned


class PersonSkillAddForm(PersonSkillForm):
    """Adding a skill from the taxonomy to one's profile: pick it from the list or type its name."""

    skill = forms.CharField(
        label=_("Skill"), max_length=150,
        help_text=_("Start typing to choose a skill from your organisation's list."),
    )

    field_order = ["skill", "level", "can_teach", "wants_to_learn", "note"]

    def __init__(self, *args, person=None, **kwargs):
        kwargs.setdefault("auto_id", "id_add_%s")
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["skill"].widget.attrs.update({"list": "skill-options", "autocomplete": "off"})

    def clean_skill(self) -> Skill:
        typed = " ".join(self.cleaned_data["skill"].split())
        skill = Skill.objects.filter(name__iexact=typed).first()
        if skill is None:
            raise forms.ValidationError(
                _("“%(name)s” is not in your organisation's list of skills. Choose one from the list, or ask "
                  "an L&D admin to add it."),
                code="unknown", params={"name": typed},
            )
        if self.person is not None and PersonSkill.objects.filter(person=self.person, skill=skill).exists():
            raise forms.ValidationError(
                _("“%(name)s” is already on your profile; change it in the list of your skills."),
                code="duplicate", params={"name": skill.name},
            )
        return skill
