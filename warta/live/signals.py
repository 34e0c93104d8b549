"""Signals other apps listen to (they may import live; live imports none of them).

`live_changed(sender=LiveStoryPage, story, urgent)`: a reader-visible change to a live story
(a post added, approved, corrected, re-flagged or deleted; the status or polling controls),
sent as it raises the story's version. `urgent` marks what subscribers should learn at once
(a key event or pinned post, a deletion, the status); feeds throttle the rest."""

from django.dispatch import Signal

live_changed = Signal()
