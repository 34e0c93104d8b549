"""Forms of the newsletter admin (newsletters.admin_views): a list's settings, an issue's
subject, intro and stories, and the time a scheduled issue goes out. The site field and the
story choices are limited to what the editor may touch; the services check again."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from warta.newsletters.models import NewsletterList

MAX_STORIES = 30


class NewsletterListForm(forms.ModelForm):
    class Meta:
        model = NewsletterList
        fields = [
            "site",
            "name",
            "slug",
            "description",
            "channel_slug",
            "sender_name",
            "reply_to",
            "schedule",
            "send_time",
            "weekday",
            "story_count",
            "template",
            "track_opens",
            "is_active",
        ]
        widgets = {"send_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        labels = {"site": _("Situs")}

    def __init__(self, *args: Any, sites: list[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)
        site_field.queryset = Site.objects.filter(pk__in=[s.pk for s in sites]).order_by(
            "site_name"
        )
        site_field.empty_label = None
        self.fields["story_count"].min_value = 1
        self.fields["story_count"].widget.attrs.update({"min": 1, "max": MAX_STORIES})

    def clean_story_count(self) -> int:
        count = self.cleaned_data["story_count"]
        if not 1 <= count <= MAX_STORIES:
            raise forms.ValidationError(
                _("Antara 1 dan %(max)s berita."), params={"max": MAX_STORIES}
            )
        return count

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("schedule") == NewsletterList.WEEKLY and data.get("weekday") is None:
            self.add_error("weekday", _("Daftar mingguan perlu hari kirim."))
        return data


class IssueForm(forms.Form):
    """Subject, intro, and the stories: a ticked box per story, in the order of the numbers
    beside them (stories without a number keep the order they are listed in)."""

    subject = forms.CharField(
        label=_("Subjek"),
        max_length=200,
        error_messages={"required": _("Subjek wajib diisi.")},
    )
    intro = forms.CharField(
        label=_("Pengantar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices

    def story_ids(self) -> list[int]:
        """The ticked stories in the editor's order (raw POST values: a forged id is left to
        the service, which says which one is not the site's)."""
        data = self.data
        ticked = data.getlist("stories") if hasattr(data, "getlist") else []
        listed = {str(s.pk): i for i, s in enumerate(self.choices)}
        picked: list[tuple[float, int, int]] = []
        for raw in ticked:
            if not str(raw).isascii() or not str(raw).isdecimal() or len(str(raw)) > 10:
                continue
            order_raw = str(data.get(f"order-{raw}", "")).strip()
            try:
                order = float(order_raw) if order_raw else float("inf")
            except ValueError:
                order = float("inf")
            picked.append((order, listed.get(str(raw), len(listed)), int(raw)))
        return [pk for _order, _listed, pk in sorted(picked)][:MAX_STORIES]


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Kirim pada"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Waktu setempat situs."),
    )

    def __init__(self, *args: Any, zone: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean_send_at(self) -> datetime:
        value: datetime = self.cleaned_data["send_at"]
        # The browser sends a wall-clock time: it is the site's, not the server's.
        return value.replace(tzinfo=None).replace(tzinfo=self.zone)


MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Situs"), queryset=Site.objects.none(), empty_label=None)
    file = forms.FileField(
        label=_("Berkas CSV"),
        help_text=_(
            "Kolom: email, list (slug daftar), status, consent_at, consent_source, "
            "unsubscribed_at, unsubscribe_reason, suppressed — seperti hasil ekspor."
        ),
    )
    ask_consent = forms.BooleanField(
        label=_("Kirim email konfirmasi ke baris tanpa waktu persetujuan"),
        required=False,
        help_text=_(
            "Tanpa ini, baris tanpa persetujuan ditolak. Tidak ada yang didaftarkan "
            "tanpa persetujuan."
        ),
    )

    def __init__(self, *args: Any, sites: list[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)
        site_field.queryset = Site.objects.filter(pk__in=[s.pk for s in sites]).order_by(
            "site_name"
        )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari 20 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                _("Berkas bukan teks UTF-8 (byte %(n)s)."), params={"n": exc.start}
            ) from exc
