"""The image library's filters: photographer, agency, licence and upload date, on top of
Wagtail's (collection, tag, usage). The choices come from the images the user may see, so a
partner's desk never lists another site's photographers or agencies."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, NumberRangeWidget
from wagtail.images.views.images import ImagesFilterSet

from warta.core.media.licences import LICENCE_CHOICES
from warta.newsroom.photodesk import queries

NO_LICENCE = "belum"


class PhotoFilterSet(ImagesFilterSet):
    photographer = django_filters.ChoiceFilter(
        label=_("Fotografer"), method="filter_photographer", empty_label=_("Semua")
    )
    agency = django_filters.ChoiceFilter(
        label=_("Agensi/sumber"), field_name="credit_source", empty_label=_("Semua")
    )
    licence = django_filters.ChoiceFilter(
        label=_("Lisensi"),
        choices=[*LICENCE_CHOICES, (NO_LICENCE, _("Belum ditentukan"))],
        method="filter_licence",
        empty_label=_("Semua"),
    )
    usage_count = django_filters.RangeFilter(
        field_name="usage_count", label=_("Jumlah pemakaian"), widget=NumberRangeWidget()
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Tanggal unggah"), widget=DateRangePickerWidget
    )

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        visible = self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["change", "delete"]
        )
        self.filters["photographer"].extra["choices"] = [
            (name, name) for name in queries.credit_names(visible)
        ]
        self.filters["agency"].extra["choices"] = [
            (name, name) for name in queries.agencies(visible)
        ]

    def filter_photographer(self, images, name, value):
        return queries.images_by_credit(images, value) if value else images

    def filter_licence(self, images, name, value):
        if not value:
            return images
        return images.filter(licence="" if value == NO_LICENCE else value)
