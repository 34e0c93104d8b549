from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from warta.newsletters.models import NewsletterList


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Alamat email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    lists = forms.ModelMultipleChoiceField(
        label=_("Newsletter"),
        queryset=NewsletterList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih setidaknya satu newsletter.")},
    )
    # Left empty by people; filled by bots that fill every field.
    website = forms.CharField(required=False, label=_("Jangan diisi"))

    def __init__(self, *args, site_lists: list[NewsletterList], **kwargs):
        super().__init__(*args, **kwargs)
        ids = [n.pk for n in site_lists]
        self.fields["lists"].queryset = NewsletterList.objects.filter(pk__in=ids)
        if len(site_lists) == 1:
            self.fields["lists"].initial = ids


class PreferencesForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        label=_("Newsletter yang Anda terima"),
        queryset=NewsletterList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, site_lists: list[NewsletterList], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = NewsletterList.objects.filter(
            pk__in=[n.pk for n in site_lists]
        )
