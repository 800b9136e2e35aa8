"""One voice on every page (issue #14 item 11): people by name with the username on hover,
times in the viewer's zone, named. Installed as a template builtin (settings.TEMPLATES),
so templates use them without `{% load %}`:

- `{% person username %}` → `<span class="person" title="dmitri">Dmitri Petrov</span>`
  (a name that is no username is printed as given);
- `{% people usernames %}` → the same for each, joined by ", ";
- `{% naming text username %}` → `text` (escaped) with each whole-word `username` in it
  shown as `{% person %}` does — for a rule's sentence that names someone by username;
- `{% local_time moment %}` → `Tue 1 Dec 2026, 14:05 (Europe/Berlin)`, the viewer's zone
  (`viewer_zone`, from `site.context.viewer`; UTC without a request).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.utils import dateformat
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from cellops.org import api as org_api

register = template.Library()

TIME_FORMAT = "D j M Y, H:i"


def _names(context) -> dict[str, str]:
    names = context.get("people_names")
    if names is None:
        names = context.render_context.get("people_names")
        if names is None:
            names = context.render_context["people_names"] = org_api.full_names()
    return names


def _one(names: dict[str, str], username: object) -> str:
    text = "" if username is None else str(username)
    name = names.get(text)
    if not name or name == text:
        return format_html("{}", text)
    return format_html('<span class="person" title="{}">{}</span>', text, name)


@register.simple_tag(takes_context=True)
def person(context, username: object) -> str:
    return _one(_names(context), username)


@register.simple_tag(takes_context=True)
def people(context, usernames: Iterable[object]) -> str:
    names = _names(context)
    return format_html_join(", ", "{}", ((_one(names, u),) for u in usernames or ()))


@register.simple_tag(takes_context=True)
def naming(context, text: object, *usernames: object) -> str:
    out = escape("" if text is None else str(text))
    wanted = sorted({str(u) for u in usernames if u}, key=len, reverse=True)
    if not wanted:
        return out
    names = _names(context)
    by_escaped = {escape(u): u for u in wanted}
    word = re.compile(rf"(?<![\w.@-])({'|'.join(map(re.escape, by_escaped))})(?![\w@-])")
    # one pass, so a name put in is never searched again
    return mark_safe(word.sub(lambda m: _one(names, by_escaped[m[1]]), out))


def zone_named(key: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(key or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@register.simple_tag(takes_context=True)
def local_time(context, moment: datetime | None) -> str:
    if not moment:
        return ""
    zone = zone_named(str(context.get("viewer_zone") or "UTC"))
    return f"{dateformat.format(moment.astimezone(zone), TIME_FORMAT)} ({zone.key})"
