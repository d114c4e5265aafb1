from django import forms
from django.utils.translation import gettext_lazy as _

from leerritme.lib.forms import MarksInvalid


class ProfileForm(MarksInvalid, forms.Form):
    """What a person tells colleagues about themselves."""

    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    about = forms.CharField(
        label=_("About me"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you work on, what you know, what colleagues can ask you about."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_profile_%s")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
