"""The retrospective and updates page (SP-13 to SP-15) and the forms it posts to.

Each view parses a form, calls `rituals.api` with the actor, renders. The page
sits among the sprint pages (their navigation, `sprints/_nav.html`, lists it
through `sprints.extensions`, decision 0028).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.rituals import api
from cellops.rituals import forms as ritual_forms
from cellops.sprints import api as sprints_api
from cellops.sprints import extensions as sprint_pages
from cellops.sprints.data import SprintRecord
from cellops.web.forms import refuse_on

# --- sprint rituals (SP-13 to SP-15) --------------------------------------------
#
# One page per sprint: the retrospective (private to the cell: items, publish,
# the poll), the video updates with their exact titles, the social chat and the
# firefighters of the coming weeks. Each form posts to its own URL and comes
# back to the page; a refusal is shown on the form it concerns, with its rule.

RETROSPECTIVE = "rituals/retrospective.html"
FIREFIGHTER_WEEKS = 6


def _worker(request: HttpRequest) -> Actor:
    """Who is asking, if they work on tickets: the use case decides (WORK_ON_TICKETS)."""
    return sprints_api.require_worker(org_api.actor_for(request.user))


def _actor(request: HttpRequest) -> Actor:
    """Who is asking; the use case decides what they may do (decision 0022)."""
    return org_api.actor_for(request.user)


def _record(cell: str, number: int) -> SprintRecord:
    """The sprint, or 404 when the cell or the sprint does not exist."""
    try:
        org_api.get_cell(cell)
        return sprints_api.sprint_record(cell, number)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _zone(request: HttpRequest) -> str:
    me = org_api.member_for(_actor(request))
    return me.timezone if me and me.timezone else "UTC"


def _base(request: HttpRequest, record: SprintRecord) -> dict[str, Any]:
    """What the sprint pages' frame needs (`sprints/_nav.html`, `_sprint_dates.html`)."""
    calendar = org_api.sprint_calendar(record.cell)
    return {
        "page_title": f"Retrospective · {record.cell} sprint {record.number}",
        "record": record,
        "cell": record.cell,
        "number": record.number,
        "current_page": "retrospective",
        "current_url": "rituals:retrospective",
        "previous_number": record.number - 1 if record.number > calendar.first_number else None,
        "next_number": record.number + 1 if record.number < calendar.last_number else None,
        "zone": _zone(request),
        "can_manage": sprints_api.may_manage(org_api.actor_for(request.user), record.cell),
        "sprint_pages": sprint_pages.sprint_pages(),
    }


def _ritual_context(request: HttpRequest, record: SprintRecord, **forms: Any) -> dict[str, Any]:
    cell, number = record.cell, record.number
    actor = _actor(request)
    username = actor.username
    zone = _zone(request)
    member = org_api.member_for(actor)
    private = api.may_see_cell(actor, cell)
    retro = api.retrospective(actor, cell, number) if private else None
    manager = api.is_cell_manager(actor, cell)
    chat = api.social_chat(actor, cell, number)
    updates = api.video_updates(actor, cell, number)
    coming = api.firefighters(actor, cell, date.today(), FIREFIGHTER_WEEKS)
    people = set(chat.organisers) | ({chat.organiser} if chat.organiser else set())
    if retro:
        people |= {i.author for i in retro.went_well + retro.to_improve}
        people |= {retro.published_by} - {""}
    names = sprints_api.member_names(cell, people)
    poll_form = forms.get("poll_form")
    if retro and retro.poll and poll_form is None:
        poll_form = ritual_forms.PollForm(
            initial={"items": [str(line.item) for line in retro.poll.results if line.approved]},
            choices=[(line.item, line.text) for line in retro.poll.results],
        )
    mine = next((line for line in updates.members if line.member == username), None)
    return {
        **_base(request, record),
        "private": private,
        "retro": retro,
        "published_by": names.get(retro.published_by, retro.published_by) if retro else "",
        "went_well": [{"item": i, "name": names.get(i.author, i.author)} for i in retro.went_well]
        if retro
        else [],
        "to_improve": [{"item": i, "name": names.get(i.author, i.author)} for i in retro.to_improve]
        if retro
        else [],
        "can_publish": manager and retro is not None and retro.state == "closed",
        "can_vote": bool(member and member.cell == cell),
        "item_form": forms.get("item_form") or ritual_forms.RetroItemForm(),
        "poll_form": poll_form,
        "updates": updates,
        "my_update": mine,
        "video_form": forms.get("video_form")
        or ritual_forms.VideoUpdateForm(initial={"url": mine.url} if mine and mine.url else None),
        "chat": chat,
        "chat_last_day": (chat.window_end - timedelta(days=1)).date(),
        "chat_organisers": [names.get(u, u) for u in chat.organisers],
        "can_organise": api.may_organise_social_chat(actor, cell, number),
        "chat_form": forms.get("chat_form")
        or ritual_forms.SocialChatForm(
            initial={
                "topic": chat.topic,
                "at": chat.at.astimezone(ZoneInfo(zone)).replace(tzinfo=None),
            }
            if chat.organised and chat.at
            else None,
            zone=zone,
        ),
        "firefighters": coming,
        "problem": forms.get("problem", ""),
    }


def _ritual_page(
    request: HttpRequest, cell: str, number: int, status: int = 200, **forms: Any
) -> HttpResponse:
    record = _record(cell, number)
    return render(request, RETROSPECTIVE, _ritual_context(request, record, **forms), status=status)


def _refusal_on(
    form: Form, field: str | None, error: InvalidInput | NotFound | RuleRefusal
) -> None:
    """Put a refusal on the field it names (else `field`), each sentence with its rule ID."""
    refuse_on(form, error, default=field)


def _back_to(cell: str, number: int, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('rituals:retrospective', args=[cell, number])}#{anchor}")


@login_required
def retrospective(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-13 to SP-15: the retrospective, its poll, video updates, the social chat."""
    _worker(request)
    return _ritual_page(request, cell, number)


@login_required
@require_POST
def retrospective_item(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-13: add an item before the sprint ends."""
    _record(cell, number)
    author = _actor(request)
    form = ritual_forms.RetroItemForm(request.POST)
    if form.is_valid():
        try:
            api.add_retro_item(
                author, cell, number, form.cleaned_data["kind"], form.cleaned_data["text"]
            )
        except (InvalidInput, NotFound, RuleRefusal) as error:
            _refusal_on(form, None, error)
    if form.errors:
        return _ritual_page(request, cell, number, status=422, item_form=form)
    messages.success(request, "Your item is in the retrospective.")
    return _back_to(cell, number, "retrospective-heading")


@login_required
@require_POST
def retrospective_publish(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-13: the manager publishes the retrospective to the running thread, once."""
    _record(cell, number)
    try:
        retro = api.publish_retrospective(_actor(request), cell, number)
    except (InvalidInput, NotFound, RuleRefusal) as error:
        messages.error(request, " ".join(ritual_forms.refusal_text(error)))
    else:
        poll = " A poll is open on the items to improve." if retro.poll else ""
        messages.success(request, f"The retrospective is published to “{retro.thread}”.{poll}")
    return _back_to(cell, number, "retrospective-heading")


@login_required
@require_POST
def retrospective_poll(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-13: the member's approvals become the items checked."""
    _record(cell, number)
    member = _actor(request)
    retro = api.retrospective(member, cell, number)
    choices = [(line.item, line.text) for line in retro.poll.results] if retro.poll else []
    form = ritual_forms.PollForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            api.set_approvals(member, cell, number, form.chosen())
        except (InvalidInput, NotFound, RuleRefusal) as error:
            _refusal_on(form, "items", error)
    if form.errors:
        return _ritual_page(request, cell, number, status=422, poll_form=form)
    messages.success(request, f"Your approvals are recorded: {len(form.chosen())} item(s).")
    return _back_to(cell, number, "poll-heading")


@login_required
@require_POST
def video_update(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-15: record the link of my video update; its title is generated."""
    _record(cell, number)
    actor = _actor(request)
    form = ritual_forms.VideoUpdateForm(request.POST)
    if form.is_valid():
        try:
            line = api.post_video_update(
                actor, cell, number, actor.username, form.cleaned_data["url"]
            )
        except (InvalidInput, NotFound, RuleRefusal) as error:
            _refusal_on(form, "url", error)
    if form.errors:
        return _ritual_page(request, cell, number, status=422, video_form=form)
    messages.success(request, f"Your video update “{line.title}” is recorded.")
    return _back_to(cell, number, "updates-heading")


@login_required
@require_POST
def social_chat(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-14: the first week's firefighter sets the social chat's topic and time."""
    _record(cell, number)
    actor = _actor(request)
    api.require_social_chat_organiser(actor, cell, number)  # SP-14's refusal before the form
    form = ritual_forms.SocialChatForm(request.POST, zone=_zone(request))
    if form.is_valid():
        try:
            chat = api.organise_social_chat(
                actor, cell, number, form.cleaned_data["topic"], form.cleaned_data["at"]
            )
        except (InvalidInput, NotFound, RuleRefusal) as error:
            _refusal_on(form, None, error)
    if form.errors:
        return _ritual_page(request, cell, number, status=422, chat_form=form)
    messages.success(
        request,
        f"The social chat is set: {chat.topic}. Participants log their time on {chat.ticket}.",
    )
    return _back_to(cell, number, "chat-heading")
