"""Admin wiring for staff accounts: the users listing's bulk actions held to the same rule as
the edit and delete views (warta.accounts.staff_admin)."""

from wagtail import hooks

from warta.accounts.staff_admin import STAFF_BULK_ACTIONS

# Registered after Wagtail's own (order 1): the registry keeps the last class per action type.
for action_class in STAFF_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=1)
