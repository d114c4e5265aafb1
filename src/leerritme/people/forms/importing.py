from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from leerritme.people.models import ImportKind

ACCEPTED_EXTENSIONS = (".csv", ".txt", ".xlsx", ".xlsm")


class ImportUploadForm(forms.Form):
    """Upload of a people, teams or skills file; only checked (a dry run) until the admin says import."""

    kind = forms.ChoiceField(label=_("What do you want to import?"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (comma or semicolon separated, UTF-8) or Excel (.xlsx, the first sheet), at most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm"}),
    )
    create_teams = forms.BooleanField(
        label=_("Create teams named in the file that do not exist yet"),
        required=False,
        help_text=_("Otherwise an unknown team is reported as an error."),
    )
    invite = forms.BooleanField(
        label=_("Send an invitation by e-mail to new people"),
        required=False,
        help_text=_(
            "They get a link to set their password. Without this, invite them later from the "
            "invitations page."
        ),
    )

    def __init__(self, *args, kinds: list[str], allow_invite: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label) for value, label in ImportKind.choices if value in kinds
        ]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        elif ImportKind.PEOPLE in kinds:
            self.fields["kind"].initial = ImportKind.PEOPLE
        if not allow_invite:
            del self.fields["invite"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        # Refuse on the size the upload reports, before reading a byte of it.
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s MB; at most %(max)s MB can be imported. "
                    "Split it into smaller files."
                ),
                code="too_large",
                params={"size": f"{upload.size / (1024 * 1024):.1f}", "max": limit // (1024 * 1024)},
            )
        name = upload.name.lower()
        if name.endswith(".xls"):
            raise forms.ValidationError(
                _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV."),
                code="old_excel",
            )
        if not name.endswith(ACCEPTED_EXTENSIONS):
            raise forms.ValidationError(
                _("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."), code="wrong_type"
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        return upload

    def options(self) -> dict:
        kind = self.cleaned_data["kind"]
        if kind != ImportKind.PEOPLE:
            return {}
        return {
            "create_teams": self.cleaned_data.get("create_teams", False),
            "invite": self.cleaned_data.get("invite", False),
        }
