"""Admin wiring for the newsroom: recoverable deletion, stale-edit protection and the tenant
rule (newsroom.isolation) at Wagtail's hooks."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.log_actions import LogFormatter
from wagtail.models import WorkflowState

from warta.articles.models import ArticlePage
from warta.discovery.topics import ACCEPT_ACTION
from warta.newsroom import (
    desk,
    desk_panels,
    filing_views,
    isolation,
    services,
    suggestion_views,
    topic_views,
    workflow_names,
)
from warta.newsroom.admin_api import ScopedDocumentsAPIViewSet, ScopedImagesAPIViewSet
from warta.newsroom.gates import missing_photo
from warta.newsroom.roles import NETWORK_ADMIN, may_create_page_type


@hooks.register("before_delete_page")
def withdraw_instead_of_deleting(request, page):
    """Deleting a story that has been public is two steps: the first delete, by anyone who
    may delete, withdraws it (unpublished, every revision kept, restorable by publishing
    again); only a network admin can then delete the withdrawn story for good. No single
    click removes a published story."""
    specific = page.specific
    if not isinstance(specific, ArticlePage) or specific.first_published_at is None:
        return None
    network_admin = (
        request.user.is_superuser or request.user.groups.filter(name=NETWORK_ADMIN).exists()
    )
    if network_admin and not specific.live:
        return None  # already withdrawn: the permanent delete
    if request.method == "POST":
        services.withdraw_article(specific, user=request.user)
        if network_admin:
            note = _("Hapus sekali lagi untuk menghapus permanen.")
        else:
            note = _("Hanya admin jaringan yang dapat menghapus permanen.")
        messages.warning(
            request,
            _("'%(title)s' ditarik dari publik dan disimpan sebagai draf, tidak dihapus. ")
            % {"title": specific.title}
            + note,
        )
        return redirect("wagtailadmin_explore", specific.get_parent().pk)
    return None


@hooks.register("before_publish_page")
def refuse_stale_publish(request, page):
    """Publishing from an editor opened before someone else saved would put out a version that
    silently drops their changes. Both revisions are kept; the editor is sent back to compare."""
    loaded = request.POST.get("loaded_revision_id")
    if not loaded or not isinstance(page.specific, ArticlePage):
        return None
    previous = page.revisions.order_by("-created_at", "-id").values_list("pk", flat=True)[1:2]
    if previous and str(previous[0]) != loaded:
        messages.error(
            request,
            _(
                "Tidak diterbitkan: artikel ini diubah orang lain setelah Anda membukanya. "
                "Perubahan Anda tersimpan sebagai revisi; bandingkan di riwayat revisi, "
                "lalu terbitkan lagi."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_edit_page")
def show_requested_changes(request, page):
    """When an editor sent a story back, its author sees why at the top of the editor, not
    only in the closed status panel."""
    if request.method != "GET" or not isinstance(page.specific, ArticlePage):
        return None
    state = (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
        .order_by("-created_at")
        .first()
    )
    rejected = state.current_task_state if state else None
    if rejected is not None and rejected.comment:
        who = rejected.finished_by.get_full_name() or rejected.finished_by.get_username()
        messages.warning(
            request,
            _("Perubahan diminta oleh %(who)s: %(comment)s")
            % {"who": who, "comment": rejected.comment},
        )
    return None


@hooks.register("before_edit_page")
def show_missing_photo(request, page):
    """A story that came without its photo (caption and credit kept) says so at the top of
    the editor until an editor picks the real one."""
    if request.method != "GET" or not isinstance(page.specific, ArticlePage):
        return None
    todo = missing_photo(page.specific)
    if todo:
        messages.warning(request, todo)
    return None


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def warn_about_near_duplicates(request, page):
    """Before a story goes out, tell the editor if the network already has it, with links."""
    specific = page.specific
    if not isinstance(specific, ArticlePage):
        return None
    latest = specific.get_latest_revision_as_object()
    matches = [
        (story, score) for story, score in services.near_duplicates(latest) if story.pk != page.pk
    ][:3]
    if matches:
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a> ({}%)',
            ((story.url, story.title, round(score * 100)) for story, score in matches),
        )
        messages.warning(
            request,
            format_html(
                "{} {}",
                _("Mungkin duplikat: jaringan sudah memuat berita yang hampir sama:"),
                links,
            ),
        )
    return None


# ---- tenant isolation: what of another site the admin shows (newsroom.isolation) ----------


@hooks.register("construct_page_chooser_queryset")
def choosable_pages_only(pages, request):
    # Each row's status ("scheduled") is read from the rows, not one query per row as
    # Wagtail's chooser does (the explorer annotates it the same way).
    return (
        isolation.choosable_pages(request.user, pages)
        .annotate_approved_schedule()
        .prefetch_workflow_states()
    )


@hooks.register("construct_explorer_page_queryset")
def own_sites_in_explorer(parent_page, pages, request):
    return isolation.own_pages(request.user, pages)


@hooks.register("before_move_page")
def refuse_moves_not_allowed(request, page, destination):
    """Wagtail's move confirmation checks nothing before showing the page it would move."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
    return None


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own endpoints
def scoped_media_endpoints(router):
    router.register_endpoint("images", ScopedImagesAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAPIViewSet)


# ---- "Saran tag": suggested tags in the story editor (newsroom.suggestions) ----------------


@hooks.register("register_admin_urls")
def tag_suggestion_urls():
    return [path("saran-tag/", suggestion_views.suggest_tags, name="newsroom_suggest_tags")]


@hooks.register("insert_editor_js")
def tag_suggestion_panel():
    """The panel is drawn by a static script (the admin's CSP allows no inline script); its
    words and address come as data attributes, in the user's language. Its stylesheet comes
    along (Wagtail 8 has no editor CSS hook)."""
    return format_html(
        '<link rel="stylesheet" href="{}">'
        '<script src="{}" defer data-url="{}" data-heading="{}" data-help="{}"'
        ' data-refresh="{}" data-empty="{}" data-failed="{}" data-added="{}"></script>',
        static("warta/newsroom/tag-suggestions.css"),
        static("warta/newsroom/tag-suggestions.js"),
        reverse("newsroom_suggest_tags"),
        _("Saran tag"),
        _("Nama orang, tempat dan lembaga dalam berita ini. Klik untuk menambahkannya."),
        _("Perbarui saran"),
        _("Belum ada saran: tulis judul dan isi berita dulu."),
        _("Saran tag tidak dapat dimuat. Coba lagi."),
        _("Tag ditambahkan: %(name)s"),
    )


# ---- "Saran topik": topics suggested from published stories' text (discovery.topics) -------


@hooks.register("register_admin_urls")
def topic_review_urls():
    return [
        path("saran-topik/", topic_views.review, name="newsroom_topic_review"),
        path("saran-topik/putuskan/", topic_views.decide, name="newsroom_topic_decide"),
    ]


class TopicReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return topic_views.may_review(request.user)


@hooks.register("register_admin_menu_item")
def topic_review_menu_item():
    return TopicReviewMenuItem(
        gettext_lazy("Saran topik"), reverse("newsroom_topic_review"), icon_name="tag", order=305
    )


@hooks.register("register_log_actions")
def topic_log_actions(actions):
    @actions.register_action(ACCEPT_ACTION)
    class TopicsAccepted(LogFormatter):
        label = gettext_lazy("Topik diterima")

        def format_message(self, log_entry):
            tags = ", ".join(log_entry.data.get("tags", []))
            return _("Topik dari teks diterima sebagai tag: %(tags)s") % {"tags": tags}


# ---- the desk home and the desk's actions (newsroom.desk, desk_panels, desk_views) ------------

# Wagtail's own dashboard lists that the desk's panels replace.
REPLACED_BY_DESK = {
    desk.REPORTER_DESK: {"user_objects_in_workflow_moderation"},
    desk.EDITOR_DESK: {"workflow_objects_to_moderate"},
    desk.NETWORK_DESK: {"workflow_objects_to_moderate"},
}


@hooks.register("construct_homepage_panels")
def desk_home(request, panels):
    """The dashboard as a desk: a reporter's writing desk, an editor's review queue and watch
    (network admins get these too, after their network panel from network.wagtail_hooks)."""
    role = desk.desk_role(request.user)
    if role is None:
        return
    panels[:] = [p for p in panels if getattr(p, "name", "") not in REPLACED_BY_DESK[role]]
    if role == desk.REPORTER_DESK:
        panels.append(desk_panels.WriteDeskPanel(request.user))
    else:
        panels.append(desk_panels.ReviewQueuePanel(request.user))
        panels.append(desk_panels.NewsWatchPanel(request.user))


# Registered after warn_about_near_duplicates, so its warning is added before this redirects.
@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def back_to_the_desk_after_submitting(request, page):
    """A story submitted for review sends its writer back to the desk home, where it waits
    under "Menunggu persetujuan" (Wagtail goes to the channel's page list, a wide table that
    is hard to read on a phone). An explicit `next` address still wins."""
    if request.method != "POST" or "action-submit" not in request.POST:
        return None
    if get_valid_next_url_from_request(request):
        return None
    if desk.desk_role(request.user) is None:
        return None
    return redirect("wagtailadmin_home")


@hooks.register("construct_page_action_menu")
def approval_first(menu_items, request, context):
    """For whoever may approve the story's current task, "Setujui dan terbitkan" is the main
    button and "Minta perubahan" the first of the others (Wagtail puts "Simpan konsep" first
    and approval in the menu)."""
    workflow = [item for item in menu_items if isinstance(item, WorkflowMenuItem)]
    approve = next((i for i in workflow if i.name == "approve" and not i.launch_modal), None)
    if approve is None:
        return
    page = context.get("page")
    state = page.current_workflow_state if page is not None else None
    final = state is not None and state.is_at_final_task
    approve.label = _("Setujui dan terbitkan") if final else _("Setujui")
    for item in workflow:
        if item.name == "reject":
            item.label = _("Minta perubahan")
        elif item.name == "approve" and item.launch_modal:
            item.label = _("Setujui dengan catatan")
    first = [approve, *(i for i in workflow if i.name == "reject")]
    menu_items[:] = first + [i for i in menu_items if i not in first]


@hooks.register("before_create_page")
def stories_only_for_reporters(request, parent_page, page_class):
    """Reporters add stories, never a channel or another structural page (the type list
    offers them none: newsroom.desk_views.add_subpage)."""
    if not may_create_page_type(request.user, page_class, parent_page):
        raise PermissionDenied
    return None


# ---- filing from the story editor (newsroom.filing) ------------------------------------------


@hooks.register("register_admin_urls")
def filing_urls():
    return [
        path("berkas/gerbang/", filing_views.checklist, name="newsroom_filing_checklist"),
        path("berkas/foto-utama/", filing_views.hero_photo, name="newsroom_filing_hero_photo"),
    ]


@hooks.register("insert_editor_js")
def filing_js():
    return format_html('<script src="{}" defer></script>', static("newsroom/js/filing.js"))


@hooks.register("insert_global_admin_css")
def filing_css():
    return format_html('<link rel="stylesheet" href="{}">', static("newsroom/css/filing.css"))


@hooks.register("register_log_actions", order=100)  # after Wagtail's own (order 0)
def workflow_names_in_history(actions):
    workflow_names.translate_workflow_history(actions)
