"""Failed logins (django-axes), counted two ways so the lockout holds against guessing without
handing anyone a way to lock others out:

- one account from one address (the client address of warta.core.security.clientaddress):
  locked after AXES_FAILURE_LIMIT (5) failures, for that pair only;
- one account from all addresses together: locked after WARTA_AXES_ACCOUNT_FAILURE_LIMIT
  (25), except from an address the account signed in from in the last KNOWN_ADDRESS_DAYS,
  so guessing spread over many addresses stops while the owner still gets in.

An address is never locked as a whole (readers share addresses behind carrier NAT; a
misconfigured proxy would make that every reader). A successful login clears that account's
failures from that address and nothing else. Locks last AXES_COOLOFF_TIME from the failure
that set them; failures while locked are not counted, so the page's "N minutes" holds.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessLog
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from warta.core.security.clientaddress import counted_address

LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]  # settings.AXES_LOCKOUT_PARAMETERS
KNOWN_ADDRESS_DAYS = 30


def attempt_address(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the counted client address (None when there is none)."""
    return counted_address(request) or None


def _failures(attempts: QuerySet) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def _release(attempts: QuerySet, limit: int, cool_off: timedelta) -> datetime | None:
    """When the failures in `attempts` drop below `limit` (records expire, oldest first,
    cool_off after their last failure); None if they are below it already."""
    ordered = attempts.order_by("attempt_time")
    records = list(ordered.values_list("attempt_time", "failures_since_start"))
    total = sum(failures for _, failures in records)
    for last_failure, failures in records:
        if total < limit:
            break
        total -= failures
        if total < limit:
            return last_failure + cool_off
    return None


class AccountAndAddressHandler(AxesDatabaseHandler):
    """axes' database handler with a limit per (account, address) and a higher one per account.

    axes compares get_failures() with AXES_FAILURE_LIMIT: the pair's own count, or the whole
    limit once the account as such is locked. Its records, clean-up and signals are axes' own.
    """

    def __init__(self) -> None:
        if settings.AXES_LOCKOUT_PARAMETERS != LOCKOUT_PARAMETERS:
            raise ImproperlyConfigured(f"AXES_LOCKOUT_PARAMETERS must be {LOCKOUT_PARAMETERS}")

    def _account_locks(self, request: HttpRequest, credentials: dict | None) -> bool:
        """Whether the per-account limit applies to this address at all."""
        username = get_client_username(request, credentials)
        since = timezone.now() - timedelta(days=KNOWN_ADDRESS_DAYS)
        known = AccessLog.objects.filter(
            username=username, ip_address=request.axes_ip_address, attempt_time__gte=since
        )
        return not known.exists()

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair, account = self.get_user_attempts(request, credentials)
        failures = _failures(pair)
        limit = get_failure_limit(request, credentials)
        account_limit = settings.WARTA_AXES_ACCOUNT_FAILURE_LIMIT
        if (
            failures < limit
            and _failures(account) >= account_limit
            and self._account_locks(request, credentials)
        ):
            return limit
        return failures

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful login: this account's failures from this address only. Another
        account's failures, and this account's from other addresses, stay counted."""
        pair, _account = self.filter_user_attempts(request, credentials)
        count, _ = pair.delete()
        return count

    def lock_ends(self, request: HttpRequest, credentials: dict | None = None) -> datetime | None:
        """When this request's lock ends; None if it is not locked."""
        cool_off = get_cool_off(request)
        if cool_off is None:
            return None
        pair, account = self.get_user_attempts(request, credentials)
        ends = [_release(pair, get_failure_limit(request, credentials), cool_off)]
        if self._account_locks(request, credentials):
            ends.append(_release(account, settings.WARTA_AXES_ACCOUNT_FAILURE_LIMIT, cool_off))
        return max((end for end in ends if end), default=None)


def locked_out_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the 429 page, saying in how many minutes to try again."""
    AxesProxyHandler.update_request(request)
    handler = AxesProxyHandler.get_implementation()
    ends = handler.lock_ends(request, credentials) if hasattr(handler, "lock_ends") else None
    wait = (ends - timezone.now()) if ends else get_cool_off(request) or timedelta(hours=1)
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return render(request, "account/locked_out.html", {"minutes": minutes}, status=429)
