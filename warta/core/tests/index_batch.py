"""Wagtail's index updates run once per object while a test factory builds a page.

Building and publishing a page saves it three times (added to the tree, saved as a revision,
published), and every save queues an update of Wagtail's reference index and of the search
index for that object; the immediate task backend of the test settings runs each one at once.
Each of these tasks brings one object's rows up to date with what is saved *now*, so running it
once, after the page is built, leaves the same rows as running it after every save:

- search index rows are created in the order their objects were first queued, as before, and
  a page keeps its title while a factory builds it, so each row's title norm (computed from the
  average title length when the row is created) comes out the same;
- the reference index is rewritten from the object as it is finally saved.

Only those two tasks wait, only in the thread that opened the batch (a live server's request
threads run theirs at once), and everything queued runs before the factory returns, whether or
not it raised. Other tasks run immediately as before."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django_tasks.backends.immediate import ImmediateBackend

BATCHED = frozenset(
    {
        "wagtail.tasks.update_reference_index_task",
        "modelsearch.tasks.insert_or_update_object_task",
    }
)

_state = threading.local()
_immediate_enqueue = ImmediateBackend.enqueue


def _enqueue(self, task, args, kwargs):
    queue = getattr(_state, "queue", None)
    if queue is None or task.module_path not in BATCHED:
        return _immediate_enqueue(self, task, args, kwargs)
    key = (task.module_path, tuple(args), tuple(sorted(kwargs.items())))
    queue.setdefault(key, (self, task, args, kwargs))  # first queued keeps its place
    return None  # the callers (Wagtail's and modelsearch's signal handlers) ignore it


ImmediateBackend.enqueue = _enqueue  # type: ignore[method-assign]


@contextmanager
def index_updates_batched() -> Iterator[None]:
    """Run the reference and search index updates queued inside once per object, at the end."""
    if getattr(_state, "queue", None) is not None:  # an outer batch runs them
        yield
        return
    _state.queue = {}
    try:
        yield
    finally:
        queue, _state.queue = _state.queue, None
        for backend, task, args, kwargs in queue.values():
            _immediate_enqueue(backend, task, args, kwargs)
