from django import forms
from django.utils.translation import gettext_lazy as _

from warta.alerts.services import BODY_MAX, TITLE_MAX


class AlertForm(forms.Form):
    """What the notification says: prefilled with the story's headline and summary."""

    title = forms.CharField(label=_("Judul peringatan"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Isi singkat"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
