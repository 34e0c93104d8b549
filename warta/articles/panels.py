from django.db.models import Model
from wagtail.admin.panels import Panel
from wagtail.snippets.widgets import AdminSnippetChooser


def role_chooser(model: type[Model], *, choose, choose_another, edit) -> AdminSnippetChooser:
    """A person chooser named after the role it fills ("Pilih editor"), not after the snippet
    ("Pilih penulis"). The texts stay lazy: Wagtail formats its own once, in the language of
    whichever request built the form first, so an English admin could read Indonesian."""
    return AdminSnippetChooser(
        model, choose_one_text=choose, choose_another_text=choose_another, link_to_chosen_text=edit
    )


class RelatedListPanel(Panel):
    """Read-only: the "Artikel Terkait" list readers see now, with the reason for each item.
    Editors change it with the pins panel above it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/panels/related_list.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            entries = []
            if instance.pk:
                entries = list(instance.related_entries.select_related("target").order_by("rank"))
            context["entries"] = entries
            return context
