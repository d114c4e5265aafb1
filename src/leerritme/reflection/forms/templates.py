"""The template editor: a name, a format and up to eight columns (title and prompt)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leerritme.reflection.models import MAX_COLUMNS, Format
from leerritme.reflection.services.templates import MAX_NAME, MAX_PROMPT, MAX_TITLE


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME,
                           error_messages={"required": _("Give the template a name.")})
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)

    def __init__(self, *args, columns: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["class"] = "form-control"
        self.fields["format"].widget.attrs["class"] = "form-select"
        initial = list(columns or [])
        for index in range(MAX_COLUMNS):
            column = initial[index] if index < len(initial) else {}
            self.fields[f"column-{index}-key"] = forms.CharField(required=False, widget=forms.HiddenInput,
                                                                  initial=column.get("key", ""))
            self.fields[f"column-{index}-title"] = forms.CharField(
                label=_("Title of column %(n)s") % {"n": index + 1}, required=False, max_length=MAX_TITLE,
                initial=column.get("title", ""), widget=forms.TextInput(attrs={"class": "form-control"}))
            self.fields[f"column-{index}-prompt"] = forms.CharField(
                label=_("Prompt of column %(n)s") % {"n": index + 1}, required=False, max_length=MAX_PROMPT,
                initial=column.get("prompt", ""), widget=forms.TextInput(attrs={"class": "form-control"}))
        self.shown_columns = max(len(initial) + 1, 3)

    def column_rows(self):
        """(number, key field, title field, prompt field, shown at first) for the editor's rows."""
        for index in range(MAX_COLUMNS):
            yield (index + 1, self[f"column-{index}-key"], self[f"column-{index}-title"],
                   self[f"column-{index}-prompt"], index < self.shown_columns)

    def columns(self) -> list[dict]:
        data = self.cleaned_data
        return [{"key": data.get(f"column-{i}-key", ""), "title": data.get(f"column-{i}-title", ""),
                 "prompt": data.get(f"column-{i}-prompt", "")} for i in range(MAX_COLUMNS)]
