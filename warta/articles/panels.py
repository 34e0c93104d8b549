from wagtail.admin.panels import Panel


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
