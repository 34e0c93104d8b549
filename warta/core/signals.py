"""Signals core sends so that edge apps can react without core importing them."""

from django.dispatch import Signal

# Sent after a public page response, cached or not: story_id is the story the page is (None
# for lists), so counters and reading history can tell which story was read.
page_viewed = Signal()
