"""Reads for the desk home (the admin dashboard, newsroom.wagtail_hooks): what a reporter is
writing, what an editor must review and keep an eye on. Every function costs a fixed number of
queries whatever the number of stories (warta/newsroom/tests/test_desk.py holds the budgets),
and each applies the tenant rule (newsroom.isolation): a user's own sites only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import GroupApprovalTask, Page, Revision, TaskState, WorkflowState

from warta.articles.models import ArticleCorrection, ArticlePage
from warta.channels.models import ChannelPage, HomePage
from warta.core.models import WartaImage
from warta.core.sites.lookup import all_sites, site_holding
from warta.newsroom import isolation
from warta.newsroom.gates import Problem, publishing_problems
from warta.newsroom.models import NewsroomSettings
from warta.newsroom.roles import sites_user_may_edit

LIST_SIZE = 8  # rows per desk list
CANDIDATES = 60  # a reporter's newest stories looked at, at most
QUEUE_SIZE = 20  # submissions shown in the review queue


def start_of_today() -> datetime:
    """Midnight in the newsroom's zone (WIB): "today" on the desk."""
    now = timezone.localtime()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def age_label(age: timedelta) -> str:
    """How long something has waited, as a desk says it: "baru saja", "12 menit", "3 jam",
    "2 hari"."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return _("baru saja")
    if minutes < 60:
        return ngettext("%(n)d menit", "%(n)d menit", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 24:
        return ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d hari", "%(n)d hari", days) % {"n": days}


# ---- roles --------------------------------------------------------------------------------


REPORTER_DESK, EDITOR_DESK, NETWORK_DESK = "reporter", "editor", "network"


def desk_role(user) -> str | None:
    """Which desk a user's home shows: the network admin's (superusers too), an editor's (may
    publish on one of their sites), a reporter's (may write), or none (no site to write for)."""
    if isolation.sees_everything(user):
        return NETWORK_DESK
    sites = sites_user_may_edit(user)
    if not sites:
        return None
    if any(site.root_page.permissions_for_user(user).can_publish_subpage() for site in sites):
        return EDITOR_DESK
    return REPORTER_DESK


# ---- "Tulis berita": where a user may start a story -------------------------------------


@dataclass(frozen=True)
class WriteTarget:
    channel_id: int
    label: str  # "Olahraga › Sepak Bola"
    site_name: str


def write_targets(user) -> list[WriteTarget]:
    """The channels a user may start a story in, the default first: the channel of their
    newest story, else the first channel of their first site (the national one before the
    regions). Two queries."""
    sites = sites_user_may_edit(user)
    if not sites:
        return []
    sites = sorted(sites, key=lambda s: (not s.is_default_site, s.pk))
    channels = ChannelPage.objects.all()
    if len(sites) < len(all_sites()):  # a network admin's every site needs no filter
        under = Q(pk__in=[])
        for site in sites:
            under |= Q(path__startswith=site.root_page.path)
        channels = channels.filter(under)
    rows = list(channels.order_by("path").values("pk", "path", "title", "depth"))
    titles = {c["path"]: c["title"] for c in rows}
    steplen = Page.steplen
    # Each channel's site from the roots above it (a few lookups, not one per site: a
    # network of 500 sites has 2,500 channels); the first site in order where roots nest.
    roots = {site.root_page.path: n for n, site in enumerate(sites)}
    targets: list[tuple[int, WriteTarget]] = []
    for c in rows:
        holders = [
            roots[c["path"][:end]]
            for end in range(steplen, len(c["path"]) + 1, steplen)
            if c["path"][:end] in roots
        ]
        if not holders:
            continue
        index = min(holders)
        site = sites[index]
        trail = [
            titles[c["path"][:end]]
            for end in range(len(site.root_page.path) + steplen, len(c["path"]) + 1, steplen)
            if c["path"][:end] in titles
        ]
        label = " › ".join(trail)
        targets.append((index, WriteTarget(c["pk"], label, site.site_name)))
    targets.sort(key=lambda t: t[0])  # stable: by site, then tree order
    ordered = [t for _, t in targets]
    last = (
        ArticlePage.objects.filter(owner=user, channel__isnull=False)
        .order_by("-latest_revision_created_at", "-pk")
        .values_list("channel_id", flat=True)
        .first()
    )
    for n, target in enumerate(ordered):
        if target.channel_id == last:
            ordered.insert(0, ordered.pop(n))
            break
    return ordered


def may_write_in(user, channel_id: int) -> bool:
    """The tenant rule for "Tulis berita": a channel of one of the user's own sites."""
    channel = ChannelPage.objects.filter(pk=channel_id).only("path").first()
    if channel is None:
        return False
    return channel.permissions_for_user(user).can_add_subpage() and isolation.is_own_page(
        user, channel
    )


# ---- the reporter's stories ----------------------------------------------------------------


@dataclass
class ReporterDesk:
    drafts: list = field(default_factory=list)
    returned: list = field(default_factory=list)  # with .changes_comment, .changes_by
    waiting: list = field(default_factory=list)
    scheduled: list = field(default_factory=list)  # with .scheduled_at
    published_today: list = field(default_factory=list)


def _page_object_id() -> Cast:
    return Cast(OuterRef("pk"), output_field=CharField())


def _newest_workflow_state() -> QuerySet:
    page_type = ContentType.objects.get_for_model(Page)
    return WorkflowState.objects.filter(
        base_content_type=page_type, object_id=_page_object_id()
    ).order_by("-created_at", "-pk")


def _annotated_stories() -> QuerySet[ArticlePage]:
    newest = _newest_workflow_state()
    scheduled = Revision.page_revisions.filter(
        object_id=_page_object_id(), approved_go_live_at__isnull=False
    ).order_by("-created_at")
    return ArticlePage.objects.select_related("channel").annotate(
        workflow_status=Subquery(newest.values("status")[:1]),
        changes_comment=Subquery(newest.values("current_task_state__comment")[:1]),
        # The editor's name as the desk knows them ("Intan Maharani"), else their username.
        changes_by=Subquery(
            newest.annotate(
                by=Coalesce(
                    NullIf(
                        Trim(
                            Concat(
                                "current_task_state__finished_by__first_name",
                                Value(" "),
                                "current_task_state__finished_by__last_name",
                            )
                        ),
                        Value(""),
                    ),
                    "current_task_state__finished_by__username",
                )
            ).values("by")[:1]
        ),
        changes_at=Subquery(newest.values("current_task_state__finished_at")[:1]),
        scheduled_at=Subquery(scheduled.values("approved_go_live_at")[:1]),
    )


def reporter_desk(user) -> ReporterDesk:
    """A writer's own stories (the ones they started), sorted into the desk's lists: drafts,
    returned with the editor's comment, waiting for approval, scheduled, published today.
    One query (two the first time a process asks for the page content type)."""
    today = start_of_today()
    stories = (
        _annotated_stories()
        .filter(owner=user)
        .filter(Q(live=False) | Q(has_unpublished_changes=True) | Q(last_published_at__gte=today))
        .order_by("-latest_revision_created_at", "-pk")[:CANDIDATES]
    )
    desk = ReporterDesk()
    for story in stories:
        status = story.workflow_status
        if status == WorkflowState.STATUS_IN_PROGRESS:
            bucket = desk.waiting
        elif status == WorkflowState.STATUS_NEEDS_CHANGES:
            bucket = desk.returned
        elif story.scheduled_at is not None and story.scheduled_at > timezone.now():
            bucket = desk.scheduled
        elif not story.live or story.has_unpublished_changes:
            bucket = desk.drafts
        else:
            bucket = desk.published_today
        if len(bucket) < LIST_SIZE:
            bucket.append(story)
    return desk


# ---- the editor's review queue ----------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    story: ArticlePage
    title: str  # the submitted revision's headline
    task_state_id: int
    submitted_by: str
    submitted_at: datetime
    problems: list[Problem]

    @property
    def age(self) -> timedelta:
        return timezone.now() - self.submitted_at

    @property
    def age_label(self) -> str:
        return age_label(self.age)

    @property
    def ready(self) -> bool:
        return not self.problems


def review_queue(user, *, limit: int = QUEUE_SIZE) -> list[Submission]:
    """Stories waiting for this user's approval, oldest first (the longest wait on top), each
    with the quality-gate problems of the submitted revision, read from the revision's content
    so the queue costs four queries at any length: task states, stories, photos, gate
    settings."""
    tasks = GroupApprovalTask.objects.filter(active=True)
    if not user.is_superuser:
        tasks = tasks.filter(groups__in=user.groups.all())
    states = list(
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            task__in=tasks.values("pk"),
            revision__base_content_type=ContentType.objects.get_for_model(Page),
        )
        .select_related("revision", "revision__user")
        .order_by("started_at", "pk")[: limit * 2]
    )
    ids = {int(s.revision.object_id) for s in states}
    stories = {
        story.pk: story
        for story in isolation.own_pages(
            user, ArticlePage.objects.filter(pk__in=ids).select_related("channel")
        )
    }
    content = {s.pk: s.revision.content for s in states}
    photo_ids = {c.get("hero_image") for c in content.values() if c.get("hero_image")}
    photos = WartaImage.objects.in_bulk(photo_ids) if photo_ids else {}
    gate_settings = _gate_settings_by_site()
    queue = []
    for state in states:
        story = stories.get(int(state.revision.object_id))
        if story is None:
            continue
        data = content[state.pk]
        site = site_holding(story.path)
        settings = gate_settings.get(site.pk if site else None) or NewsroomSettings()
        problems = publishing_problems(
            title=data.get("title"),
            summary=data.get("summary"),
            hero_image=photos.get(data.get("hero_image")),
            dateline_place=data.get("dateline_place"),
            editor=data.get("editor"),
            channel_ok=story.channel_id is not None,
            settings=settings,
        )
        who = state.revision.user
        queue.append(
            Submission(
                story=story,
                title=data.get("title") or story.title,
                task_state_id=state.pk,
                submitted_by=(who.get_full_name() or who.get_username()) if who else "",
                submitted_at=state.started_at,
                problems=problems,
            )
        )
        if len(queue) == limit:
            break
    return queue


def _gate_settings_by_site() -> dict[int | None, NewsroomSettings]:
    found = {s.site_id: s for s in NewsroomSettings.objects.all()}
    default = next((s for s in all_sites() if s.is_default_site), None)
    if default is not None and default.pk in found:
        found[None] = found[default.pk]
    return found


# ---- the editor's watch: breaking, home slots, corrections -------------------------------


def breaking_now(user) -> list[ArticlePage]:
    """Live stories in the ticker now on the user's sites, the one ending last first."""
    stories = ArticlePage.objects.live().filter(breaking_until__gt=timezone.now())
    return list(
        isolation.own_pages(user, stories)
        .select_related("channel")
        .order_by("-breaking_until", "-pk")[:LIST_SIZE]
    )


@dataclass(frozen=True)
class HomeDesk:
    site_name: str
    home_id: int
    slots: int  # slots still in force


def home_desks(user) -> list[HomeDesk]:
    """Each of the user's sites with its home page (where the slots are edited) and how many
    slots are in force. One query."""
    sites = sorted(sites_user_may_edit(user), key=lambda s: (not s.is_default_site, s.pk))
    now = timezone.now()
    counts = dict(
        HomePage.objects.filter(pk__in=[s.root_page_id for s in sites])
        .annotate(
            in_force=Count(
                "slots", filter=Q(slots__expires_at__isnull=True) | Q(slots__expires_at__gt=now)
            )
        )
        .values_list("pk", "in_force")
    )
    return [HomeDesk(s.site_name, s.root_page_id, counts.get(s.root_page_id, 0)) for s in sites]


def corrections_today(user) -> list[ArticleCorrection]:
    """Corrections and updates noted today on the user's sites' stories, newest first."""
    pages = isolation.own_pages(user, ArticlePage.objects.all()).values("pk")
    return list(
        ArticleCorrection.objects.filter(noted_at__gte=start_of_today(), page__in=pages)
        .select_related("page")
        .order_by("-noted_at", "-pk")[:LIST_SIZE]
    )
