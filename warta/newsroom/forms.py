"""Admin forms of the newsroom: the tenant rule on every chooser field (`TenantFormMixin`),
and the article editor, which also runs the quality gates when the story is about to leave
the reporter's hands (publish, submit for review, approve), never on a plain draft save."""

from __future__ import annotations

from django import forms
from django.db.models import Model
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from warta.articles.models import ArticlePage, Author
from warta.channels.models import ChannelPage, HomePage
from warta.newsroom import isolation
from warta.newsroom.gates import gate_settings_for, gated_fields, publishing_problems

GATED_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class TenantPageChooser(AdminPageChooser):
    """A page chooser that shows another site's page by its published headline only."""

    def __init__(self, *, user, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    @classmethod
    def replacing(cls, widget: AdminPageChooser, user) -> TenantPageChooser:
        return cls(
            user=user,
            target_models=widget.target_models,
            attrs=widget.attrs,
            can_choose_root=widget.can_choose_root,
            user_perms=widget.user_perms,
        )

    def get_display_title(self, instance):
        return isolation.display_title(self.user, instance)


def refusal(label: str, target: Model) -> str:
    """The form error for a target the user may not use: names the field, never the target."""
    if isinstance(target, Page):
        return _(
            "%(field)s: halaman ini milik situs lain dan belum terbit. Pilih halaman situs "
            "Anda sendiri atau yang sudah terbit."
        ) % {"field": label}
    return _(
        "%(field)s: berkas ini ada di koleksi situs lain. Pilih dari koleksi situs Anda sendiri."
    ) % {"field": label}


class TenantFormMixin:
    """Every chooser in the form, its inline rows (related pins, home slots, bylines) and its
    StreamField and rich-text links accepts only targets the user may use
    (isolation.may_reference): a form error naming the field otherwise. A value the form
    already held stays valid, so a story a network admin pinned can still be saved by its
    desk; the page choosers show another site's page by its published headline."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        self._held = held_targets(self.instance)
        for form in self._tenant_forms():
            for field in form.fields.values():
                if isinstance(field.widget, AdminPageChooser):
                    field.widget = TenantPageChooser.replacing(field.widget, self.for_user)

    def _tenant_forms(self):
        forms_ = [self]
        for form in forms_:  # grows as nested rows are found
            for formset in getattr(form, "formsets", {}).values():
                forms_ += list(formset.forms)
        return forms_

    def clean(self):
        cleaned = super().clean()
        if self.for_user is not None:
            self._refuse_foreign_targets(self)
        return cleaned

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self.for_user is None:
            return valid
        for form in self._tenant_forms()[1:]:  # the rows, validated after this form's clean
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE"):
                valid = self._refuse_foreign_targets(form) and valid
        return valid

    def _refuse_foreign_targets(self, form) -> bool:
        ok = True
        for name, target, label in _new_targets(form):
            if _target_key(type(target), target.pk) in self._held:
                continue  # already there before this edit
            if not isolation.may_reference(self.for_user, target):
                form.add_error(name, refusal(label, target))
                ok = False
        return ok


def _new_targets(form):
    """(field name or None, target, label) for each object a changed field points at:
    choosers, multiple choices, and references inside StreamFields and rich text (their
    errors go to the form, naming the field)."""
    model_fields = {f.name: f for f in form._meta.model._meta.get_fields()}
    for name in form.changed_data:
        field, value = form.fields.get(name), form.cleaned_data.get(name)
        if field is None or value is None:
            continue
        label = str(field.label or name)
        if isinstance(field, forms.ModelMultipleChoiceField):
            yield from ((name, target, label) for target in value)
        elif isinstance(field, forms.ModelChoiceField):
            yield name, value, label
        elif hasattr(model_fields.get(name), "extract_references"):
            for model, pk in set(_references(model_fields[name].extract_references, value)):
                target = model._default_manager.filter(pk=pk).first()
                if target is not None:
                    yield None, target, label


def held_targets(instance: Model) -> set[tuple[str, str]]:
    """What an object (with its inline rows, as the form received it) points at already:
    its foreign keys and the references in its StreamFields and rich text."""
    held = set()
    for field in instance._meta.get_fields():
        if field.many_to_one and field.concrete and getattr(instance, field.attname, None):
            held.add(_target_key(field.related_model, getattr(instance, field.attname)))
        elif hasattr(field, "extract_references") and field.concrete:
            for model, pk in _references(
                field.extract_references, field.value_from_object(instance)
            ):
                held.add(_target_key(model, pk))
    for relation in get_all_child_relations(instance):
        for child in getattr(instance, relation.get_accessor_name()).all():
            held |= held_targets(child)
    return held


def _target_key(model: type[Model], pk) -> tuple[str, str]:
    kind = "page" if issubclass(model, Page) else model._meta.concrete_model._meta.label_lower
    return kind, str(pk)


def _references(extract, value):
    if value in (None, ""):
        return
    for model, pk, _path, _content_path in extract(value):
        yield model, str(pk)


class TenantPageForm(TenantFormMixin, WagtailAdminPageForm):
    """The page editor form for Warta's page types."""


class TenantModelForm(TenantFormMixin, WagtailAdminModelForm):
    """The editor form for snippets."""


class ArticlePageForm(TenantPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mark_gated_fields()

    def gate_settings(self):
        parent = self.parent_page.specific if self.parent_page else None
        page = self.instance
        return gate_settings_for(page if page.pk else parent or page)

    def mark_gated_fields(self) -> None:
        """Say up front which fields the site's gates require before submitting or publishing
        (a draft saves without them, so the form field stays optional): "Wajib …" opens the
        help text, and `data-warta-gate` names the field for scripts and tests."""
        for name in gated_fields(self.gate_settings()):
            field = self.fields.get(name)
            if field is None or field.required:
                continue
            marker = _("Wajib sebelum diajukan atau terbit.")
            field.help_text = f"{marker} {field.help_text}" if field.help_text else marker
            field.widget.attrs["data-warta-gate"] = name

    def clean(self):
        cleaned = super().clean()
        if not any(self.data.get(action) for action in GATED_ACTIONS):
            return cleaned
        if self.data.get("action-workflow-action") and self.data.get(
            "workflow-action-name"
        ) not in ("approve", "approve_with_comment"):
            return cleaned  # rejecting or commenting never needs the gates
        parent = self.parent_page.specific if self.parent_page else None
        problems = publishing_problems(
            title=cleaned.get("title"),
            summary=cleaned.get("summary"),
            hero_image=cleaned.get("hero_image") or self.first_gallery_image(),
            dateline_place=cleaned.get("dateline_place"),
            editor=cleaned.get("editor"),
            channel_ok=isinstance(parent, ChannelPage),
            settings=self.gate_settings(),
        )
        for problem in problems:
            if problem.field and problem.field in self.fields:
                self.add_error(problem.field, problem.message)
            else:
                self.add_error(None, problem.message)
        return cleaned

    def first_gallery_image(self):
        """A gallery's first photo, which becomes its hero photo when none is chosen
        (articles.media_pages.GalleryPage)."""
        formset = getattr(self, "formsets", {}).get("gallery_photos")
        if formset is None or not formset.is_valid():
            return None
        rows = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        rows.sort(key=lambda row: row.get("ORDER") or 0)
        return rows[0].get("image") if rows else None


def attach_forms() -> None:
    """The newsroom's forms on the types it guards, set from NewsroomConfig.ready so that
    articles and channels need not import the newsroom: a story's editor form runs the
    publishing gates; every form refuses another site's unpublished work (the tenant rule),
    e.g. a home slot or a byline photo. Wagtail builds the edit handlers lazily, after this."""
    ArticlePage.base_form_class = ArticlePageForm
    Author.base_form_class = TenantModelForm  # the photo: from the desk's own collection
    HomePage.base_form_class = TenantPageForm  # home slots: another site's public stories only
    ChannelPage.base_form_class = TenantPageForm
