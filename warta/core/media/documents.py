"""The one way a document leaves Warta: /documents/<id>/<filename>, Wagtail's document view.

Wagtail refuses a reader the document's collection does not admit (login, groups, password:
its `before_serve_document` hook) and only then sends the file: streamed by Django, or, behind
the shipped nginx (WARTA_NGINX_SENDFILE), handed to nginx with X-Accel-Redirect to an
`internal` location over WARTA_PRIVATE_MEDIA_ROOT (django-sendfile2's nginx backend). Around
it this view puts right what Wagtail's sendfile gets wrong for downloads and keeps every
answer out of shared caches."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.documents.views import serve as wagtail_serve


def serve(request: HttpRequest, document_id: str, document_filename: str) -> HttpResponse:
    response = wagtail_serve.serve(request, document_id, document_filename)
    # wagtail.utils.sendfile copies mimetypes' guess of an encoding from the file name into
    # Content-Encoding: the literal "None" for every ordinary file, and "gzip" for a .gz,
    # which would make browsers unpack the download. A document is sent as it was uploaded.
    if "Content-Encoding" in response:
        del response["Content-Encoding"]
    if response.get("ETag") == '""':
        # A document saved without its hash (by code rather than the admin) would share this
        # empty ETag with every other such document.
        del response["ETag"]
    if "X-Accel-Redirect" in response:
        # nginx sends the file and its length; this answer itself has no body.
        del response["Content-Length"]
    # A document's collection may be made private at any time, and the refusals (login
    # redirect, password form) depend on the reader: browsers may keep a copy, shared caches
    # (nginx, a CDN, Warta's page cache) never.
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ("Cookie",))
    return response
