"""Signals core sends so that edge apps can react without core importing them."""

from django.dispatch import Signal

# Sent after a public page response, cached or not: keys are its surrogate keys
# ("article:12", …), so counters can tell which story was read.
page_viewed = Signal()
