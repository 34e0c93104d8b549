"""The article editor form: runs the quality gates when the story is about to leave the
reporter's hands (publish, submit for review, approve), never on a plain draft save."""

from wagtail.admin.forms import WagtailAdminPageForm

from warta.newsroom.gates import gate_settings_for, publishing_problems

GATED_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class ArticlePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if not any(self.data.get(action) for action in GATED_ACTIONS):
            return cleaned
        if self.data.get("action-workflow-action") and self.data.get(
            "workflow-action-name"
        ) not in ("approve", "approve_with_comment"):
            return cleaned  # rejecting or commenting never needs the gates
        from warta.channels.models import ChannelPage

        parent = self.parent_page.specific if self.parent_page else None
        page = self.instance
        problems = publishing_problems(
            title=cleaned.get("title"),
            summary=cleaned.get("summary"),
            hero_image=cleaned.get("hero_image"),
            dateline_place=cleaned.get("dateline_place"),
            editor=cleaned.get("editor"),
            channel_ok=isinstance(parent, ChannelPage),
            settings=gate_settings_for(page if page.pk else parent or page),
        )
        for problem in problems:
            if problem.field and problem.field in self.fields:
                self.add_error(problem.field, problem.message)
            else:
                self.add_error(None, problem.message)
        return cleaned
