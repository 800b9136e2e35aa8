"""Demo logins (issue #14 item 18, decision 0050): every person of the demo agency logs in
with one documented password, so a visitor can try the tool as a developer, a sprint
planning manager, a newcomer, the CEO or a business developer.

Only `cellops demo` calls this, and only people of the demo who have no usable password
get it: a password someone set is never replaced, and nobody outside the demo gets one.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

#: The password of every demo person (README, "The demo agency").
DEMO_PASSWORD = "cellops-demo"

__all__ = ["DEMO_PASSWORD", "set_demo_passwords"]


def set_demo_passwords(usernames: list[str]) -> int:
    """Give each of `usernames` without a usable password the demo password; how many."""
    count = 0
    for user in get_user_model().objects.filter(username__in=usernames):
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            count += 1
    return count
