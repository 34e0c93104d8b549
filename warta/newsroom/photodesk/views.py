"""Wagtail's image views with the photo desk added (answered at Wagtail's own addresses by
newsroom.admin_urls): the library's filters and credit columns, the edit page's list of the
stories using the photo, a usage page that names another site's stories only as the tenant
rule allows, and uploads that recognise a photo already in the library (the same bytes, or
the same picture resized or re-encoded)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.images import get_image_model
from wagtail.images.forms import ImageInsertionForm
from wagtail.images.views import images, multiple
from wagtail.images.views.chooser import ImageUploadView

from warta.core.media.duplicates import image_duplicates
from warta.newsroom.photodesk import queries
from warta.newsroom.photodesk.filters import PhotoFilterSet

USAGE_ON_EDIT_PAGE = 5


class PhotoIndexView(images.IndexView):
    filterset_class = PhotoFilterSet
    ORDERING_OPTIONS = {
        "-created_at": gettext_lazy("Terbaru"),
        "created_at": gettext_lazy("Terlama"),
        "title": gettext_lazy("Judul: A → Z"),
        "-title": gettext_lazy("Judul: Z → A"),
        "file_size": gettext_lazy("Ukuran berkas: kecil ke besar"),
        "-file_size": gettext_lazy("Ukuran berkas: besar ke kecil"),
        "usage_count": gettext_lazy("Pemakaian: sedikit ke banyak"),
        "-usage_count": gettext_lazy("Pemakaian: banyak ke sedikit"),
    }

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("photographer")

    @cached_property
    def columns(self):
        columns = super().columns
        if not columns:
            return columns
        credit = Column("credit_line", label=_("Kredit"), accessor="credit_line")
        licence = Column("licence", label=_("Lisensi"), accessor="get_licence_display")
        uploaded = DateColumn("created_at", label=_("Diunggah"), sort_key="created_at")
        # After the title: preview, title, credit, licence, collection, date, usage.
        rest = [uploaded if c.name == "created_at" else c for c in columns[3:]]
        return [*columns[:3], credit, licence, *rest]


class PhotoEditView(images.EditView):
    template_name = "newsroom/photodesk/image_edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stories = [u for u in queries.image_usage(self.object, self.request.user) if u.is_story]
        context["stories_using"] = stories[:USAGE_ON_EDIT_PAGE]
        context["stories_using_more"] = max(0, len(stories) - USAGE_ON_EDIT_PAGE)
        return context


class PhotoUsageView(images.UsageView):
    page_title = _("Pemakaian")

    def get_queryset(self):
        return queries.image_usage(self.object, self.request.user)

    @cached_property
    def columns(self):
        return [
            TitleColumn("label", label=_("Dipakai di"), accessor="label", get_url=lambda u: u.url),
            Column("kind", label=_("Jenis"), accessor=lambda u: capfirst(u.kind)),
            Column("fields", label=_("Kolom"), accessor=lambda u: ", ".join(u.fields)),
        ]

    def get_table(self, object_list):
        # The rows are Usage records already scoped; Wagtail's own rows would name every
        # object (BaseListingView builds the table from them as they are).
        return BaseListingView.get_table(self, object_list)


def _duplicate_notice(request, new_image, existing) -> str:
    return render_to_string(
        "newsroom/photodesk/duplicate_upload.html",
        {
            "existing_images": existing,
            "new_image": new_image,
            "delete_action": reverse("wagtailimages:delete_multiple", args=(new_image.pk,)),
        },
        request=request,
    )


class PhotoAddView(multiple.AddView):
    """The library's upload (several files at once): a photo already in the library comes
    back with the copies it matches and the choice to keep it or delete the new upload."""

    template_name = "newsroom/photodesk/multiple_add.html"

    def get_edit_object_response_data(self):
        data = super(multiple.AddView, self).get_edit_object_response_data()
        existing = image_duplicates(
            self.object, user=self.request.user, permission_policy=self.permission_policy
        )
        data["duplicate"] = bool(existing)
        if existing:
            data["confirm_duplicate_upload"] = _duplicate_notice(
                self.request, self.object, existing
            )
        return data


def duplicate_warning(new_image, existing) -> str:
    """The single upload's warning: the photos already in the library, each a link to it,
    and whether it is the same file or the same picture re-encoded."""
    same_file = any(e.file_hash and e.file_hash == new_image.file_hash for e in existing)
    how = _("berkas yang sama") if same_file else _("gambar yang sama, ukuran atau kompresi lain")
    links = format_html_join(
        ", ",
        '<a class="warta-duplicate-link" href="{}">“{}”</a>',
        ((reverse("wagtailimages:edit", args=(e.pk,)), e.title) for e in existing),
    )
    return format_html(
        "{} {} ({}). {}",
        _("Foto ini sudah ada di pustaka:"),
        links,
        how,
        _("Pakai yang sudah ada agar kredit dan pemakaiannya tetap di satu tempat."),
    )


class PhotoCreateView(images.CreateView):
    """Wagtail's single-image "Add an image" page: a photo already in the library is saved
    as asked, with a warning naming the one it repeats (a link to it) and a button to delete
    the new upload."""

    def save_action(self):
        response = super().save_action()
        existing = image_duplicates(
            self.object, user=self.request.user, permission_policy=self.permission_policy
        )
        if existing:
            messages.warning(
                self.request,
                duplicate_warning(self.object, existing),
                buttons=[
                    messages.button(
                        reverse("wagtailimages:edit", args=(existing[0].pk,)),
                        _("Buka foto yang sudah ada"),
                    ),
                    messages.button(
                        reverse("wagtailimages:delete", args=(self.object.pk,)),
                        _("Hapus unggahan baru"),
                    ),
                ],
            )
        return response


class PhotoChooserUploadView(ImageUploadView):
    """The upload tab of the image chooser (a story's hero photo, a photo block): the same
    recognition, offering the photo already in the library instead of the new upload."""

    def post(self, request):
        self.model = get_image_model()
        self.form = self.get_creation_form()
        if not self.form.is_valid():
            return self.get_reshow_creation_form_response()
        image = self.save_form(self.form)
        existing = image_duplicates(
            image, user=request.user, permission_policy=self.permission_policy
        )
        if existing:
            return self.render_duplicate_found_response(request, image, existing[0])
        if request.GET.get("select_format"):
            insertion_form = ImageInsertionForm(
                initial={"alt_text": image.default_alt_text}, prefix="image-chooser-insertion"
            )
            return self.render_select_format_response(image, insertion_form)
        return self.get_chosen_response(image)

    def render_duplicate_found_response(self, request, new_image, existing_image):
        next_step = (
            "wagtailimages_chooser:select_format"
            if request.GET.get("select_format")
            else "wagtailimages_chooser:chosen"
        )
        use_new = self.append_preserved_url_parameters(reverse(next_step, args=(new_image.pk,)))
        use_existing = self.append_preserved_url_parameters(
            reverse(next_step, args=(existing_image.pk,))
        )
        delete_new = (
            f"{reverse('wagtailimages:delete', args=(new_image.pk,))}?"
            f"{urlencode({'next': use_existing})}"
        )
        html = render_to_string(
            "newsroom/photodesk/chooser_duplicate_upload.html",
            {
                "new_image": new_image,
                "existing_image": existing_image,
                "use_new_url": use_new,
                "use_existing_url": delete_new,
            },
            request,
        )
        return render_modal_workflow(
            request, None, None, None, json_data={"step": "duplicate_found", "htmlFragment": html}
        )
