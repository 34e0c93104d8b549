"""Reader pages. Everything here is personal: responses are `Cache-Control: private` and
never enter the page cache. Forms work without JavaScript; reader.js makes follow and save
buttons work in place."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from warta.accounts import continuation, feed, preferences, queries, services
from warta.accounts.forms import DeleteAccountForm, PreferencesForm
from warta.accounts.models import ReadingHistory, SavedStory
from warta.articles.models import ArticlePage


def private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    response["Vary"] = "Cookie"
    return response


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return continuation.safe_next(target) or fallback


def for_you(request: HttpRequest) -> HttpResponse:
    prefs = preferences.load(request)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            response = redirect(request.path)
            preferences.store(request, response, form.preferences())
            return private(response)
    else:
        form = PreferencesForm(initial=PreferencesForm.initial_from(prefs))
    read = set()
    if request.user.is_authenticated and services.history_enabled(request.user):
        read = set(
            ReadingHistory.objects.filter(user=request.user).values_list("article_id", flat=True)
        )
    items = feed.for_you(prefs, read_ids=read)
    saved = set()
    if request.user.is_authenticated:
        saved = set(
            SavedStory.objects.filter(
                user=request.user, article__in=[i.article for i in items]
            ).values_list("article_id", flat=True)
        )
    response = TemplateResponse(
        request,
        "accounts/for_you.html",
        {
            "form": form,
            "prefs": prefs,
            "items": items,
            "saved_ids": saved,
        },
        status=400 if form.errors else 200,
    )
    preferences.mark_personalised(request, response, prefs)
    return private(response)


def choice_search(request: HttpRequest) -> HttpResponse:
    """Topics or authors by name for the for-you page's search box: the same answer for
    everyone, so public and kept by the page cache (no cookie read, none set)."""
    found = queries.search_choices(request.GET.get("jenis", ""), request.GET.get("q", ""))
    return JsonResponse({"results": [{"nilai": slug, "nama": name} for slug, name in found]})


def region_block(request: HttpRequest) -> HttpResponse:
    """ "Berita daerah Anda" for the home page, fetched by reader.js (pages stay cacheable)."""
    prefs = preferences.load(request)
    return private(
        TemplateResponse(
            request,
            "accounts/region_block.html",
            {
                "prefs": prefs,
                "stories": feed.regional_stories(prefs),
            },
        )
    )


def status(request: HttpRequest) -> HttpResponse:
    """What the buttons on a cached page should say for this reader, and a CSRF token only
    when one is needed: for a signed-in reader, a reader who already holds the cookie, or when
    asked (`?token=1`, which the page's script does just before its first follow or save). A
    reader who only reads is given no cookie."""
    prefs = preferences.load(request)
    wants_token = (
        request.GET.get("token") == "1"
        or request.user.is_authenticated
        or settings.CSRF_COOKIE_NAME in request.COOKIES
    )
    data = {
        "signed_in": request.user.is_authenticated,
        "csrf": get_token(request) if wants_token else "",
        "channels": prefs.channels,
        "topics": prefs.topics,
        "authors": prefs.authors,
        "personalised": not prefs.is_empty,
        "saved": False,
    }
    article = request.GET.get("artikel", "")
    if article.isdigit() and request.user.is_authenticated:
        data["saved"] = SavedStory.objects.filter(user=request.user, article_id=article).exists()
    return private(JsonResponse(data))


def follow(request: HttpRequest) -> HttpResponse:
    """GET: a confirmation page with a real form (for readers without JavaScript, whose
    cached article page cannot carry a token). POST: follow or unfollow."""
    kind = request.POST.get("jenis") or request.GET.get("jenis", "")
    value = (request.POST.get("nilai") or request.GET.get("nilai", "")).strip().lower()
    if kind not in preferences.KINDS or not preferences.SLUG.match(value):
        raise Http404("Tidak ada yang bisa diikuti di alamat ini.")
    prefs = preferences.load(request)
    following = value in getattr(prefs, kind)
    if request.method == "POST":
        on = request.POST.get("aksi", "ikuti") == "ikuti"
        prefs.follow(kind, value, on=on)
        wants_json = request.headers.get("Accept", "").startswith("application/json")
        response = (
            JsonResponse({"following": on})
            if wants_json
            else redirect(_back(request, "/untuk-anda/"))
        )
        preferences.store(request, response, prefs)
        return private(response)
    return private(
        TemplateResponse(
            request,
            "accounts/confirm_follow.html",
            {
                "kind": kind,
                "label": preferences.KINDS[kind],
                "value": value,
                "following": following,
                "next": _back(request, "/untuk-anda/"),
            },
        )
    )


def save(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(ArticlePage.objects.live(), pk=pk)
    if not request.user.is_authenticated:
        if request.method == "POST" and request.headers.get("Accept", "").startswith(
            "application/json"
        ):
            return private(JsonResponse({"login": True}, status=401))
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    saved = SavedStory.objects.filter(user=request.user, article=article).exists()
    if request.method == "POST":
        on = request.POST.get("aksi", "simpan") == "simpan"
        services.save_story(request.user, article, saved=on)
        if request.headers.get("Accept", "").startswith("application/json"):
            return private(JsonResponse({"saved": on}))
        return private(redirect(_back(request, article.url)))
    return private(
        TemplateResponse(
            request,
            "accounts/confirm_save.html",
            {
                "article": article,
                "saved": saved,
                "next": _back(request, article.url),
            },
        )
    )


def _account_page(request: HttpRequest, delete_form: DeleteAccountForm, status: int = 200):
    user = request.user
    prefs = preferences.for_user(user)
    return private(
        TemplateResponse(
            request,
            "accounts/account.html",
            {
                "prefs": prefs,
                "chosen": queries.chosen_names(prefs),
                "saved": SavedStory.objects.filter(user=user).select_related("article"),
                "history": ReadingHistory.objects.filter(user=user).select_related("article")[:50],
                "history_enabled": services.history_enabled(user),
                "delete_form": delete_form,
            },
            status=status,
        )
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request, DeleteAccountForm(request.user))


@login_required
@require_POST
def history(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("aksi")
    if action in ("aktifkan", "matikan"):
        services.set_history(request.user, action == "aktifkan")
    elif action == "hapus":
        services.clear_history(request.user)
        messages.success(request, "Riwayat baca dihapus.")
    return private(redirect("accounts:account"))


@login_required
def export(request: HttpRequest) -> HttpResponse:
    body = json.dumps(services.export_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="data-warta-saya.json"'
    return private(response)


@login_required
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST)
    if not form.is_valid():
        return _account_page(request, form, status=400)
    user = request.user
    logout(request)
    services.delete_account(user)
    response = TemplateResponse(request, "accounts/deleted.html", {})
    response.delete_cookie(preferences.COOKIE)  # the device's choices go too
    response.delete_cookie(preferences.HINT_COOKIE, samesite="Lax")
    return private(response)
