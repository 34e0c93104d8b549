from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from warta.accounts import queries
from warta.accounts.preferences import Preferences
from warta.core.indonesia import provinces


class FollowChoiceField(forms.MultipleChoiceField):
    """Checkboxes of names (the values are slugs, never shown). Besides the listed choices it
    accepts any existing one found with the search box (`known` gives the names of those)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, known=None, **kwargs):
        self.known = known
        super().__init__(*args, **kwargs)

    def valid_value(self, value) -> bool:
        return super().valid_value(value) or (
            self.known is not None and value in self.known([value])
        )


class PreferencesForm(forms.Form):
    province_code = forms.ChoiceField(
        label=_("Provinsi"),
        required=False,
        choices=[("", _("Semua daerah")), *provinces.CHOICES],
    )
    regency = forms.CharField(label=_("Kabupaten/kota"), required=False, max_length=80)
    channels = FollowChoiceField(label=_("Kanal"), required=False)
    topics = FollowChoiceField(label=_("Topik"), required=False, known=queries.topic_names)
    authors = FollowChoiceField(label=_("Penulis"), required=False, known=queries.author_names)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.initial
        self.fields["channels"].choices = queries.channel_choices()
        self.fields["topics"].choices = _with_chosen(
            queries.topic_choices(), chosen.get("topics", []), queries.topic_names
        )
        self.fields["authors"].choices = _with_chosen(
            queries.author_choices(), chosen.get("authors", []), queries.author_names
        )

    @staticmethod
    def initial_from(prefs: Preferences) -> dict:
        return {
            "province_code": prefs.province_code,
            "regency": prefs.regency,
            "channels": prefs.channels,
            "topics": prefs.topics,
            "authors": prefs.authors,
        }

    def preferences(self) -> Preferences:
        data = self.cleaned_data
        return Preferences.clean(
            {
                "province_code": data["province_code"],
                "regency": data["regency"],
                "channels": data["channels"],
                "topics": data["topics"],
                "authors": data["authors"],
            }
        )


def _with_chosen(listed: queries.Choices, chosen: list[str], names) -> queries.Choices:
    """The listed choices with the reader's own first (a topic followed from a story may be
    beyond the listed ones), so what is ticked is always in view."""
    listed_names = dict(listed)
    missing = [s for s in chosen if s not in listed_names]
    found = names(missing) if missing else {}
    names_of = {**found, **listed_names}
    first = [(s, names_of[s]) for s in chosen if s in names_of]
    return first + [c for c in listed if c[0] not in set(chosen)]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Kata sandi Anda"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(label=_("Saya mengerti semua data akun akan dihapus permanen"))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Kata sandi salah."))
        return password
