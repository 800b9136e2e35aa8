"""Who a name in an imported file is (issue #15): the worklog and ticket imports' one way
of matching people.

Jira and Tempo exports name people in four ways: by username (Jira Server, Tempo
Server), by Atlassian account id (Jira Cloud, Tempo Cloud), by e-mail address and by
display name. A name is tried in that order, and the first way that finds anyone
decides: a username never loses to someone else's display name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Concat, Lower, Trim

from cellops.org import models

#: One member a name matched: (database id, username).
Match = tuple[int, str]

_CHUNK = 900  # SQLite's bound on the parameters of one query


def _normal(name: str) -> str:
    """A name compared without case and with single spaces (e-mails, display names)."""
    return " ".join(name.split()).lower()


def _by(
    names: Iterable[str],
    key: Callable[[str], str],
    query: Callable[[list[str]], QuerySet],
) -> dict[str, list[Match]]:
    """Members found for each of `names` (compared as `key(name)`) by `query(keys)`, which
    gives (matched value, id, username) rows."""
    wanted: dict[str, list[str]] = {}
    for name in names:
        wanted.setdefault(key(name), []).append(name)
    found: dict[str, list[Match]] = {}
    keys = sorted(k for k in wanted if k)
    for start in range(0, len(keys), _CHUNK):
        for value, pk, username in query(keys[start : start + _CHUNK]):
            for name in wanted.get(value, ()):
                found.setdefault(name, []).append((pk, username))
    return found


def _members() -> QuerySet[models.Member]:
    return models.Member.objects.select_related("user")


def match_members(names: set[str]) -> dict[str, tuple[Match, ...]]:
    """Whom each of `names` names, as (id, username) pairs: a username (exactly), else a
    Jira account id (exactly), else an e-mail address, else a full name "First Last"
    (both without regard to case or repeated spaces). One pair: that member; none:
    nobody; several: the name is ambiguous (two members share an e-mail or a name)."""
    ways: tuple[tuple[Callable[[str], str], Callable[[list[str]], QuerySet]], ...] = (
        (
            str,
            lambda keys: (
                _members()
                .filter(user__username__in=keys)
                .values_list("user__username", "pk", "user__username")
            ),
        ),
        (
            str,
            lambda keys: (
                _members()
                .filter(jira_account_id__in=keys)
                .values_list("jira_account_id", "pk", "user__username")
            ),
        ),
        (
            _normal,
            lambda keys: (
                _members()
                .annotate(match=Lower(Trim("user__email")))
                .filter(match__in=keys)
                .values_list("match", "pk", "user__username")
            ),
        ),
        (
            _normal,
            lambda keys: (
                _members()
                .annotate(
                    match=Lower(
                        Trim(
                            Concat(
                                Trim("user__first_name"),
                                Value(" "),
                                Trim("user__last_name"),
                                output_field=CharField(),
                            )
                        )
                    )
                )
                .filter(match__in=keys)
                .values_list("match", "pk", "user__username")
            ),
        ),
    )
    result: dict[str, tuple[Match, ...]] = {}
    left = {name for name in names if name}
    for key, query in ways:
        if not left:
            break
        found = _by(left, key, query)
        for name, matches in found.items():
            result[name] = tuple(sorted(set(matches)))
        left -= found.keys()
    result.update(dict.fromkeys(names - result.keys(), ()))
    return result
