"""The story editor's filing panels (newsroom.filing), placed into the article form by
`attach_filing_panels` from NewsroomConfig.ready (articles cannot import the newsroom): the
publishing gates as a checklist under the headline, and the hero photo upload from the phone's
camera roll in the "Foto utama" group. Both are plain HTML with data attributes; the live
behaviour is newsroom/js/filing.js (no inline script: the admin's CSP)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel

from warta.articles.models import ArticlePage
from warta.newsroom import filing

# ArticlePage.hero_credit: the photo credit as an imported story's source gave it.
LEGACY_CREDIT_FIELD = "hero_credit"


def _parent(bound) -> object | None:
    page = bound.instance
    if page.pk:
        return page.get_parent().specific
    return getattr(bound.form, "parent_page", None)


class GateChecklistPanel(Panel):
    """The gates as ✓/✗ for the story as it stands, refreshed by the script as one types."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "newsroom/panels/gate_checklist.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page, parent = self.instance, _parent(self)
            context["parent"] = parent
            if parent is None:
                context["checks"] = []
                return context
            context["site"] = filing.site_of(parent)
            context["headline_max_length"] = filing.headline_limit(parent)
            context["checklist_url"] = reverse("newsroom_filing_checklist")
            context["checks"] = filing.draft_checklist(
                self.request.user,
                parent,
                filing.Draft(
                    title=page.title or "",
                    summary=page.summary or "",
                    hero_image_id=str(page.hero_image_id or ""),
                    dateline_place=page.dateline_place or "",
                    editor_id=str(page.editor_id or ""),
                ),
            )
            return context


class HeroUploadPanel(Panel):
    """A photo from the camera roll into the story's site collection, set as the hero photo,
    its credit prefilled from the photographer's profile."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "newsroom/panels/hero_upload.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page, parent = self.instance, _parent(self)
            credit, source = filing.default_credit(
                self.request.user, filing.site_of(parent) if parent else None
            )
            if page.hero_credit and not page.hero_image_id:
                # The copy named a photo it did not bring (an import): the credit it gave
                # is the one the real photo carries, not the reporter's.
                credit, source = page.hero_credit, ""
            context.update(
                parent=parent,
                upload_url=reverse("newsroom_filing_hero_photo"),
                credit=credit,
                credit_source=source,
            )
            return context


def attach_filing_panels() -> None:
    """The checklist right under the headline; the upload first in the "Foto utama" group,
    whose credit fields replace the story's "credit at the source" field there (one credit
    field for the reporter: the field stays in the model, so an import's credit is kept, and
    prefills the upload's). Found by field name, so a reordered form keeps them next to their
    fields. Idempotent. Gallery and video stories derive their panels from these
    (articles.media_pages.StoryPanels)."""
    panels = ArticlePage.content_panels
    if any(isinstance(panel, GateChecklistPanel) for panel in panels):
        return
    titles = [i for i, p in enumerate(panels) if getattr(p, "field_name", None) == "title"]
    panels.insert(titles[0] + 1 if titles else 0, GateChecklistPanel(heading=_("Gerbang terbit")))
    for panel in panels:
        if isinstance(panel, MultiFieldPanel) and any(
            isinstance(child, FieldPanel) and child.field_name == "hero_image"
            for child in panel.children
        ):
            panel.children[:] = [
                child
                for child in panel.children
                if getattr(child, "field_name", None) != LEGACY_CREDIT_FIELD
            ]
            panel.children.insert(0, HeroUploadPanel(heading=_("Unggah foto")))
            break
