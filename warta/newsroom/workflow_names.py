"""Workflow and task names stored in the database ("Persetujuan redaksi · Warta Jatim",
Wagtail's own "Moderators approval") shown in the admin user's language.

Wagtail prints `workflow.name` and `task.name` in dozens of templates and messages, so the
name is translated where it is read, not where it is printed: each Workflow and Task loaded
gets its name as a `DisplayName`, a `str` that *is* the stored name (saved, compared and
filtered on unchanged) but prints (`str()`, templates, `%` and f-strings) as its translation
in the active language. A name the admin edits in another language is stored back in its
canonical form, so `setup_roles` keeps finding its workflows. Unknown names print as stored."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_init, pre_save
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from warta.newsroom.roles import TASK_NAME, WORKFLOW_NAME

# Stored name (canonical) -> its message. Warta's are Indonesian msgids (English in the `en`
# catalogue); Wagtail's default workflow and task are English (Indonesian in `id`).
KNOWN: dict[str, Promise] = {
    WORKFLOW_NAME: _("Persetujuan redaksi"),
    TASK_NAME: _("Persetujuan editor"),
    # Wagtail's migration stores this one in English; Warta's msgids are Indonesian.
    "Moderators approval": _("Persetujuan moderator"),
}
SITE_SEPARATOR = " · "  # "Persetujuan redaksi · Warta Jatim": the part after it is a name


def _split(name: str) -> tuple[str, str]:
    head, sep, tail = name.partition(SITE_SEPARATOR)
    return head, sep + tail


def display_name(name: str) -> str:
    """The stored name in the active language."""
    head, rest = _split(str.__str__(name))
    message = KNOWN.get(head)
    return f"{message}{rest}" if message is not None else str.__str__(name)


def canonical_name(name: str) -> str:
    """A known name in any admin language, back to the form stored by setup_roles."""
    head, rest = _split(str.__str__(name))
    for stored, message in KNOWN.items():
        if head == stored:
            return str.__str__(name)
        for code, _label in settings.LANGUAGES:
            with translation.override(code):
                if head == str(message):
                    return stored + rest
    return str.__str__(name)


class DisplayName(str):
    """The stored name; printed in the active language."""

    __slots__ = ()

    def __str__(self) -> str:
        return display_name(self)

    def __format__(self, spec: str) -> str:
        return format(display_name(self), spec)


def _translate_on_load(sender, instance, **kwargs) -> None:
    name = instance.__dict__.get("name")
    if isinstance(name, str) and not isinstance(name, DisplayName):
        instance.__dict__["name"] = DisplayName(name)


def _store_canonical(sender, instance, **kwargs) -> None:
    name = instance.__dict__.get("name")
    if isinstance(name, str):
        instance.__dict__["name"] = DisplayName(canonical_name(name))


def connect() -> None:
    """From NewsroomConfig.ready: Wagtail's Workflow and every Task model (GroupApprovalTask
    and any other task type: signals go to the concrete class)."""
    from django.apps import apps
    from wagtail.models import Task, Workflow

    for model in apps.get_models():
        if issubclass(model, (Workflow, Task)):
            uid = f"warta-workflow-name-{model._meta.label_lower}"
            post_init.connect(_translate_on_load, sender=model, dispatch_uid=uid)
            pre_save.connect(_store_canonical, sender=model, dispatch_uid=uid)


def _with_display_titles(value):
    if isinstance(value, dict):
        return {
            key: DisplayName(item)
            if key == "title" and isinstance(item, str)
            else _with_display_titles(item)
            for key, item in value.items()
        }
    return value


class _TitlesTranslated:
    """A log entry whose workflow and task titles (stored as they were named) print in the
    active language; everything else is the entry's own."""

    def __init__(self, entry) -> None:
        self._entry = entry
        self.data = _with_display_titles(entry.data)

    def __getattr__(self, name: str):
        return getattr(self._entry, name)


class _TranslatedWorkflowFormatter:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.label = inner.label

    def format_message(self, log_entry):
        return self.inner.format_message(_TitlesTranslated(log_entry))

    def format_comment(self, log_entry):
        return self.inner.format_comment(log_entry)


def translate_workflow_history(actions) -> None:
    """The history's "'Persetujuan redaksi' started. Next step 'Persetujuan editor'": Wagtail
    formats it from the names saved in the log entry; they print in the reader's language too.
    Registered after Wagtail's own formatters (newsroom.wagtail_hooks)."""
    for action, formatter in list(actions.formatters.items()):
        if action.startswith("wagtail.workflow.") and not isinstance(
            formatter, _TranslatedWorkflowFormatter
        ):
            actions.formatters[action] = _TranslatedWorkflowFormatter(formatter)
