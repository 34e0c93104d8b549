"""Support for the generated cross-site access test: a network with a secret in every kind of
object of the sites Warta Jatim's desk must not see (Warta Bali and the national site), and
every admin URL enumerated from the URL resolver with those objects' ids put into its
arguments. See test_cross_site_access.py."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, ReferenceIndex, Revision, Site

from warta.articles.models import ArticlePage, RelatedPin
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.core.tests.factories import WartaImageFactory
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, REPORTER, group_name, setup_roles

# What the regional desk must never read: each is planted in one object of another site.
# Lower-case letters only, so slugs, JSON and HTML escaping keep them as they are.
SECRETS = {
    "draft": "zqdrafbalizq",  # an unpublished story's headline (and slug)
    "embargo": "zqembargobalizq",  # a story scheduled for its embargo, locked by its editor
    "pending": "zqrevisibalizq",  # the unpublished new headline of a live story
    "national": "zqdrafnasionalzq",  # the national desk's draft
    "comment": "zqkomentarbalizq",  # an editor's comment sending a story back
    "image": "zqfotobalizq",
    "document": "zqdokumenbalizq",
    "source": "zqsumberbalizq",  # a feed source's name
    "wire": "zqkawatbalizq",  # an ingest item's title
    "tagline": "zqslogatbalizq",  # a site setting
    "redirect": "zqalihbalizq",
}
# A word in every planted title, and in the desk's own ones: one search finds them all.
WORD = "zqbocorzq"
# A number nobody else prints: Bali's headline limit in its newsroom settings.
GATE_VALUE = 29517


@dataclass
class Foreign:
    """One object of another site, as URL arguments see it."""

    kind: str  # page, revision, image, ...
    pk: int
    model: type[models.Model]
    page_pk: int | None = None  # the page it belongs to (revisions, workflow states)


@dataclass
class World:
    roles: dict[str, object]  # role name -> user
    foreign: list[Foreign]
    own: dict[str, object]  # Jatim's own objects (positive controls)
    other: dict[str, object] = field(default_factory=dict)  # handy named foreign objects

    def of_kind(self, kind: str) -> list[Foreign]:
        return [f for f in self.foreign if f.kind == kind]

    def of_model(self, model: type[models.Model]) -> list[Foreign]:
        return [f for f in self.foreign if issubclass(f.model, model) or issubclass(model, f.model)]


def _user(username: str, group: str | None = None):
    user = get_user_model().objects.create_user(username, f"{username}@warta.localhost", "pw")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _national_site() -> Site:
    from conftest import ensure_wagtail_roots
    from warta.channels.tests.factories import make_site

    ensure_wagtail_roots()
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    return make_site(hostname="localhost", name="Warta")


def build_world() -> World:  # noqa: PLR0915 (one story of a network, told in order)
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import UploadedFile, WorkflowState

    from warta.core.models import SiteSettings, WartaImage
    from warta.ingest.models import FeedSource, IngestItem
    from warta.newsroom.models import NewsroomSettings

    national = _national_site()
    setup_roles()
    one_channel = [("Berita", "berita")]
    jatim = provision_site(
        RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"), channels=one_channel
    )
    bali = provision_site(
        RegionSpec(name="Warta Bali", slug="bali", province_code="51"), channels=one_channel
    )
    national_channel = national.root_page.add_child(
        instance=ChannelPage(title="Nasional", slug="nasional")
    )
    national_channel.save_revision().publish()
    berita = {
        s.pk: ChannelPage.objects.child_of(s.root_page).get(slug="berita") for s in (jatim, bali)
    }
    bali_reporter = _user("reporter-bali", group_name(REPORTER, bali))
    bali_editor = _user("redaktur-bali", group_name(EDITOR, bali))
    roles = {
        "editor": _user("redaktur-jatim", group_name(EDITOR, jatim)),
        "reporter": _user("reporter-jatim", group_name(REPORTER, jatim)),
    }
    bali_collection = Collection.objects.get(name=bali.site_name)
    jatim_collection = Collection.objects.get(name=jatim.site_name)

    # Jatim's own work: what the desk must still see (the test's positive controls), and a
    # story of its own that pins Bali's live story (a legitimate cross-site choice, below).
    # Made first: reports that show the latest edits must meet Bali's work, not this.
    own_draft = ArticlePageFactory(
        parent=berita[jatim.pk], title=f"Draf zqjatimzq {WORD}", publish=False
    )
    ArticlePage.objects.filter(pk=own_draft.pk).update(owner=roles["reporter"])
    own_image = WartaImageFactory(title=f"Foto zqjatimzq {WORD}", collection=jatim_collection)
    own_story = ArticlePageFactory(parent=berita[jatim.pk], title="Berita Jatim dengan pin")

    image = WartaImageFactory(title=f"Foto {SECRETS['image']} {WORD}", collection=bali_collection)
    document = get_document_model().objects.create(
        title=f"Dokumen {SECRETS['document']} {WORD}",
        collection=bali_collection,
        file=ContentFile(b"%PDF-1.4 contoh", name="rahasia.pdf"),
    )
    # An unpublished story in review: sent back once with a comment, then submitted again.
    draft = ArticlePageFactory(
        parent=berita[bali.pk],
        title=f"Gubernur {SECRETS['draft']} {WORD}",
        publish=False,
        hero_image=image,
    )
    ArticlePage.objects.filter(pk=draft.pk).update(owner=bali_reporter)
    draft.refresh_from_db()
    workflow_state = draft.get_workflow().start(draft, bali_reporter)
    workflow_state.current_task_state.reject(user=bali_editor, comment=SECRETS["comment"])
    workflow_state.refresh_from_db()
    workflow_state.resume(bali_reporter)
    # An embargoed story: published by its editor, so scheduled for the embargo; locked.
    embargoed = ArticlePageFactory(
        parent=berita[bali.pk],
        title=f"Menteri {SECRETS['embargo']} {WORD}",
        embargo_until=timezone.now() + timedelta(days=2),
        publish=False,
    )
    embargoed.save_revision(user=bali_editor).publish(user=bali_editor)
    ArticlePage.objects.filter(pk=embargoed.pk).update(
        locked=True, locked_by=bali_editor, locked_at=timezone.now()
    )
    # A live story whose next headline is still a draft.
    live = ArticlePageFactory(parent=berita[bali.pk], title=f"Pasar Badung {WORD}")
    live = ArticlePage.objects.get(pk=live.pk)
    live.title = f"Pasar {SECRETS['pending']} {WORD}"
    live.save_revision(user=bali_editor)
    national_draft = ArticlePageFactory(
        parent=national_channel, publish=False, title=f"Kabinet {SECRETS['national']} {WORD}"
    )

    settings = SiteSettings.objects.get(site=bali)
    settings.tagline = SECRETS["tagline"]
    settings.save()
    NewsroomSettings.objects.update_or_create(
        site=bali, defaults={"headline_max_length": GATE_VALUE}
    )
    source = FeedSource.objects.create(
        name=f"Kantor {SECRETS['source']}",
        organisation="Antara",
        url="https://bali.example/feed.xml",
        site=bali,
    )
    item = IngestItem.objects.create(
        source=source,
        guid="bali-1",
        title=SECRETS["wire"],
        credit="Antara",
        title_key=SECRETS["wire"],
    )
    redirect = Redirect.objects.create(
        old_path=f"/{SECRETS['redirect']}", site=bali, redirect_page=draft
    )
    session = EditingSession.objects.create(
        user=bali_editor,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(draft.pk),
        last_seen_at=timezone.now(),
    )
    upload = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(WartaImage),
        file=ContentFile(b"bytes", name="unggahan.jpg"),
        uploaded_by_user=bali_editor,
    )

    RelatedPin.objects.create(page=own_story, target=live, sort_order=0)
    RelatedPin.objects.create(page=draft, target=own_story, sort_order=0)  # Bali's draft cites it
    ReferenceIndex.create_or_update_for_object(ArticlePage.objects.get(pk=draft.pk))

    foreign: list[Foreign] = []
    for page in (bali.root_page, berita[bali.pk], draft, embargoed, live, national_draft):
        foreign.append(Foreign("page", page.pk, Page))
        for revision in Revision.page_revisions.filter(object_id=str(page.pk)):
            foreign.append(Foreign("revision", revision.pk, Revision, page.pk))
    for state in WorkflowState.objects.filter(object_id=str(draft.pk)):
        foreign.append(Foreign("workflow_state", state.pk, WorkflowState, draft.pk))
        for task_state in state.task_states.all():
            foreign.append(Foreign("task_state", task_state.pk, type(task_state), draft.pk))
            foreign.append(Foreign("task", task_state.task_id, type(task_state.task)))
    foreign.append(Foreign("workflow", draft.get_workflow().pk, type(draft.get_workflow())))
    foreign += [
        Foreign("image", image.pk, WartaImage),
        Foreign("document", document.pk, get_document_model()),
        Foreign("site", bali.pk, Site),
        Foreign("settings", bali.pk, SiteSettings),
        Foreign("settings", bali.pk, NewsroomSettings),
        Foreign("collection", bali_collection.pk, Collection),
        Foreign("source", source.pk, FeedSource),
        Foreign("ingest_item", item.pk, IngestItem),
        Foreign("redirect", redirect.pk, Redirect),
        Foreign("editing_session", session.pk, EditingSession),
        Foreign("upload", upload.pk, UploadedFile),
        Foreign("user", bali_editor.pk, get_user_model()),
        *[Foreign("group", g.pk, Group) for g in Group.objects.filter(name__endswith="Bali")],
    ]
    return World(
        roles=roles,
        foreign=_unique(foreign),
        own={
            "draft": own_draft,
            "image": own_image,
            "story": own_story,
            "site": jatim,
            "channel": berita[jatim.pk],
        },
        other={
            "draft": draft,
            "embargoed": embargoed,
            "live": live,
            "site": bali,
            "channel": berita[bali.pk],
            "national_draft": national_draft,
            "workflow_state": workflow_state,
        },
    )


def _unique(foreign: list[Foreign]) -> list[Foreign]:
    seen, kept = set(), []
    for f in foreign:
        if (f.kind, f.pk, f.model) not in seen:
            seen.add((f.kind, f.pk, f.model))
            kept.append(f)
    return kept


# ---- the rows of other sites, as one digest ------------------------------------------------


def foreign_digest(world: World) -> str:
    """A digest of every row of another site: a refused POST leaves it as it was."""
    from wagtail.models import GroupCollectionPermission, GroupPagePermission, TaskState

    from warta.core.models import SiteSettings, WartaImage
    from warta.ingest.models import FeedSource, IngestItem
    from warta.newsroom.models import NewsroomSettings

    own_root = world.own["site"].root_page
    pages = Page.objects.exclude(path__startswith=own_root.path)
    page_ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    other_sites = Site.objects.exclude(pk=world.own["site"].pk)
    own_collection = Collection.objects.get(name=world.own["site"].site_name)
    querysets = [
        pages,
        ArticlePage.objects.filter(pk__in=pages.values("pk")),
        Revision.objects.filter(object_id__in=page_ids),
        TaskState.objects.filter(workflow_state__object_id__in=page_ids),
        WartaImage.objects.exclude(collection=own_collection),
        get_document_model().objects.exclude(collection=own_collection),
        other_sites,
        SiteSettings.objects.filter(site__in=other_sites),
        NewsroomSettings.objects.filter(site__in=other_sites),
        FeedSource.objects.filter(site__in=other_sites),
        IngestItem.objects.filter(source__site__in=other_sites),
        Collection.objects.all(),
        Group.objects.all(),
        GroupPagePermission.objects.all(),
        GroupCollectionPermission.objects.all(),
        get_user_model().objects.exclude(pk__in=[u.pk for u in world.roles.values()]),
    ]
    digest = hashlib.sha256()
    for queryset in querysets:
        rows = queryset.order_by("pk").values_list()
        digest.update(repr([tuple(map(_plain, row)) for row in rows]).encode())
    return digest.hexdigest()


def _plain(value: object) -> object:
    """A stored value as the database holds it (a StreamField's blocks as JSON)."""
    prep = getattr(value, "get_prep_value", None)
    return prep() if callable(prep) else value


# ---- the admin's URL patterns ---------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # the pattern's text from the root, for messages and ids
    name: str | None
    args: tuple[str, ...]  # argument names, in order
    converters: dict  # name -> converter (path() patterns)
    callback: object

    @property
    def key(self) -> str:
        return self.name or self.route

    @property
    def acts_on_query_ids(self) -> bool:
        """A model and an action in the URL (bulk actions): the objects come in the query."""
        names_model = any(a in self.args and m in self.args for a, m in MODEL_ARGS)
        return names_model and any(a in self.args for a in ACTION_ARGS)


def admin_routes(prefix: str = "admin/") -> list[Route]:
    """Every URL pattern under /admin/, from the resolver (Wagtail's and Warta's hooks alike)."""

    def walk(resolver: URLResolver, route: str, namespace: str, converters: dict, names: tuple):
        for pattern in resolver.url_patterns:
            text = route + str(pattern.pattern)
            convs = dict(converters)
            args = list(names)
            if isinstance(pattern.pattern, RoutePattern):
                convs.update(pattern.pattern.converters)
                args += list(pattern.pattern.converters)
            else:
                args += list(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                space = namespace
                if pattern.namespace:
                    space = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern, text, space, convs, tuple(args))
            elif isinstance(pattern, URLPattern):
                name = pattern.name and (
                    f"{namespace}:{pattern.name}" if namespace else pattern.name
                )
                yield Route(text, name, tuple(args), convs, pattern.callback)

    routes, seen = [], set()
    for route in walk(get_resolver(), "", "", {}, ()):
        if route.route.startswith(prefix) and route.route not in seen:
            seen.add(route.route)  # a path answered earlier (Warta's scoped views) shadows it
            routes.append(route)
    return routes


def view_model(route: Route) -> type[models.Model] | None:
    """The model a class-based view works on, when it says (Wagtail's viewsets and API do)."""
    callback = route.callback
    initkwargs = getattr(callback, "view_initkwargs", None) or {}
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    model = initkwargs.get("model") or getattr(view_class, "model", None)
    return model if isinstance(model, type) and issubclass(model, models.Model) else None


def view_actions(route: Route) -> list[str]:
    """Action names a view declares (Wagtail's admin API); else every known one."""
    view_class = getattr(route.callback, "cls", None)
    declared = getattr(view_class, "actions", None)
    return sorted(declared) if isinstance(declared, dict) else action_names()


# Argument names and the foreign objects whose ids fill them. `pk` and `object_id` are filled
# from the view's model when the view says which, else with every foreign object.
ID_ARGS = {
    "page_id": "page",
    "parent_page_id": "page",
    "page_to_move_id": "page",
    "destination_id": "page",
    "page_pk": "page",
    "revision_id": "revision",
    "revision_id_a": "revision",
    "revision_id_b": "revision",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "task_id": "task",
    "workflow_pk": "workflow",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "uploaded_file_id": "upload",
    "session_id": "editing_session",
    "redirect_id": "redirect",
    "collection_id": "collection",
    "site_id": "site",
}
OBJECT_ARGS = {"pk", "object_id"}
MODEL_ARGS = {  # (app label arg, model name arg)
    ("app_label", "model_name"),
    ("app_name", "model_name"),
    ("content_type_app_name", "content_type_model_name"),
}
# Named actions: everything Wagtail's registries and Warta's views offer.
ACTION_ARGS = {"action", "action_name"}
FIXED_ARGS = {"filter_spec": ["max-165x165"]}


def action_names() -> list[str]:
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    names = {
        "approve",
        "reject",
        "review",
        "note",
        "copy",
        "move",
        "publish",
        "unpublish",
        "delete",
        "convert_alias",
        "revert_to_page_revision",
    }
    for actions in bulk_action_registry.actions.values():
        for by_model in actions.values():
            names.update(by_model)
    return sorted(names)


def registered_actions(pairs: list[tuple[str, str]]) -> list[tuple[tuple[str, str], str]]:
    """Bulk actions Wagtail has registered for these models: ((app label, model), action)."""
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    return [
        (pair, action.action_type)
        for pair in pairs
        for action in bulk_action_registry.get_bulk_actions_for_model(*pair)
    ]


def model_pairs(world: World, *, pages_only: bool = False) -> list[tuple[str, str]]:
    """The models of the foreign objects (and Warta's story and channel types)."""
    models_ = {f.model for f in world.foreign} | {ArticlePage, ChannelPage}
    if pages_only:
        models_ = {m for m in models_ if issubclass(m, Page)}
    return sorted({_pair(m) for m in models_})


def undrivable(route: Route) -> list[str]:
    """The arguments this test has no value for."""
    known = set(ID_ARGS) | OBJECT_ARGS | ACTION_ARGS | set(FIXED_ARGS)
    for pair in MODEL_ARGS:
        known |= set(pair)
    return [a for a in route.args if a not in known]


def _pair(model: type[models.Model]) -> tuple[str, str]:
    return model._meta.app_label, model._meta.model_name


def url_kwargs(route: Route, world: World) -> list[dict]:
    """The sets of arguments to try. Together they put every candidate into every argument
    at least once (every combination would be thousands of requests for a few URLs).
    Candidates: the ids of foreign objects of the kind an argument names; for `pk` and
    `object_id`, of the view's model, or each foreign object with its own model's name when
    the URL names a model, else any foreign object; a page type with a page id; the actions
    registered for a model with an action; every known action name. Ids stay consistent: a
    revision goes with its own page."""
    args = list(route.args)
    slots: list[list[dict]] = []  # each: the partial kwargs it may contribute
    pair = next((p for p in MODEL_ARGS if p[0] in args and p[1] in args), None)
    if pair:
        app_arg, model_arg = pair
        args.remove(app_arg)
        args.remove(model_arg)
        object_arg = next((a for a in args if a in OBJECT_ARGS), None)
        action_arg = next((a for a in args if a in ACTION_ARGS), None)
        pages = any(ID_ARGS.get(a) == "page" for a in args)
        if object_arg:  # each foreign object under its own model's name
            args.remove(object_arg)
            slots.append(
                [
                    {app_arg: _pair(f.model)[0], model_arg: _pair(f.model)[1], object_arg: f}
                    for f in world.foreign
                ]
            )
        elif action_arg and (bulk := registered_actions(model_pairs(world))):
            args.remove(action_arg)
            slots.append(
                [{app_arg: p[0], model_arg: p[1], action_arg: action} for p, action in bulk]
            )
        else:
            names = model_pairs(world, pages_only=pages)
            slots.append([{app_arg: app, model_arg: model} for app, model in names])
    for arg in args:
        if arg in ID_ARGS:
            values = world.of_kind(ID_ARGS[arg])
        elif arg in OBJECT_ARGS:
            model = view_model(route)
            values = (world.of_model(model) if model else world.foreign) or [
                model._default_manager.order_by("pk").first()
            ]
        elif arg in ACTION_ARGS:
            values = view_actions(route)
        else:
            values = FIXED_ARGS[arg]
        slots.append([{arg: v} for v in values if v is not None])
    chosen, covered = [], set()
    for combination in itertools.product(*slots):
        kwargs = _consistent(combination)
        if kwargs is None:
            continue
        values = {tuple((arg, _key(v)) for arg, v in part.items()) for part in combination}
        if values - covered:  # tries a candidate not tried yet
            covered |= values
            chosen.append(kwargs)
    return chosen


def _key(value: object) -> object:
    return ("id", value.pk) if isinstance(value, Foreign | models.Model) else value


def _consistent(combination: tuple[dict, ...]) -> dict | None:
    kwargs, pages, owners = {}, set(), set()
    for part in combination:
        for arg, value in part.items():
            if isinstance(value, Foreign):
                if value.kind == "page":
                    pages.add(value.pk)
                if value.page_pk is not None:
                    owners.add(value.page_pk)
                value = value.pk
            elif isinstance(value, models.Model):
                value = value.pk
            kwargs[arg] = value
    if len(owners) > 1 or (pages and owners and not owners <= pages):
        return None  # a revision of one page with another page's id: nothing to learn
    return kwargs
