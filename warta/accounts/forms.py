from __future__ import annotations

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from warta.accounts.preferences import Preferences
from warta.articles.models import Author
from warta.channels.models import ChannelPage
from warta.core.indonesia import provinces


def _slugs(text: str) -> list[str]:
    return [s for s in (slugify(part) for part in text.split(",")) if s]


class PreferencesForm(forms.Form):
    province_code = forms.ChoiceField(
        label=_("Provinsi"),
        required=False,
        choices=[("", _("— semua daerah —")), *provinces.CHOICES],
    )
    regency = forms.CharField(label=_("Kabupaten/kota"), required=False, max_length=80)
    channels = forms.MultipleChoiceField(
        label=_("Kanal"), required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.CharField(
        label=_("Topik"),
        required=False,
        max_length=500,
        help_text=_("Dipisah koma, mis. Korea Utara, Pemilu"),
    )
    authors = forms.CharField(
        label=_("Penulis"), required=False, max_length=500, help_text=_("Nama penulis dipisah koma")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        seen, choices = set(), []
        for slug, title in (
            ChannelPage.objects.live()
            .filter(depth=3)
            .order_by("title")
            .values_list("slug", "title")
        ):
            if slug not in seen:
                seen.add(slug)
                choices.append((slug, title))
        self.fields["channels"].choices = choices

    @staticmethod
    def initial_from(prefs: Preferences) -> dict:
        names = dict(Author.objects.filter(slug__in=prefs.authors).values_list("slug", "name"))
        return {
            "province_code": prefs.province_code,
            "regency": prefs.regency,
            "channels": prefs.channels,
            "topics": ", ".join(t.replace("-", " ") for t in prefs.topics),
            "authors": ", ".join(names.get(a, a) for a in prefs.authors),
        }

    def preferences(self) -> Preferences:
        data = self.cleaned_data
        return Preferences.clean(
            {
                "province_code": data["province_code"],
                "regency": data["regency"],
                "channels": data["channels"],
                "topics": _slugs(data["topics"]),
                "authors": _slugs(data["authors"]),
            }
        )


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
