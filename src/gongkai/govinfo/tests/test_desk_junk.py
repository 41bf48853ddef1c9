"""No 500 on bad input at the desk's screens (issue 8 §2 rule, applied to every desk route with real
objects behind it): malformed ids, dates, numbers, long and NUL strings in every parameter the
views read, sent by a desk editor, a desk editor of another office and a leader."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.govinfo.models import Submission
from gongkai.govinfo.services import desk
from gongkai.govinfo.tests.desk_world import build_desk_world, publication, submitted

pytestmark = pytest.mark.django_db

JUNK = ("abc", "-1", str(2**63), "", "2026-02-30", "x" * 5000, "a\x00b", "²")
PARAMS = [
    "tab",
    "state",
    "unit",
    "kind",
    "month",
    "page",
    "publication",
    "year",
    "work",
    "archived",
    "entry",
    "direction",
    "reason",
    "title",
    "body",
    "note",
    "to_name",
    "others",
    "editor_note",
    "bao",
    "song",
    "fa",
    "copies",
    "name",
    "level",
    "edition",
    "publisher_name",
    "is_active",
    "submissions",
    "issue_label",
    "adopted_on",
    "notice",
    "org",
    "new_issue",
]


def test_junk_everywhere(clock: object) -> None:
    clock.set(dt.date(2026, 3, 2))  # type: ignore[attr-defined]
    world = build_desk_world()
    pub = publication(world)
    item = submitted(world.unit, world.writer)
    entry = desk.adopt(
        submitted(world.unit, world.writer, title="第二条"), actor=world.editor, publication=pub
    )
    draft = entry.issue
    issued = desk.issue_issue(
        desk.adopt(
            submitted(world.unit, world.writer, title="第三条"),
            actor=world.editor,
            publication=pub,
            issue=desk.draft_issue(pub, actor=world.editor, new=True),
        ).issue,
        actor=world.editor,
    )
    pages = [
        ("govinfo_desk", ()),
        ("govinfo_adoptions", ()),
        ("govinfo_issues", ()),
        ("govinfo_publications", ()),
        ("govinfo_publication", (pub.pk,)),
        ("govinfo_desk_item", (item.pk,)),
        ("govinfo_desk_edit", (item.pk,)),
        ("govinfo_issue", (draft.pk,)),
        ("govinfo_issue_print", (issued.pk,)),
        ("govinfo_issue_entry", (draft.pk, entry.pk)),
    ]
    actions = [
        ("govinfo_issue_new", ()),
        ("govinfo_adoptions", ()),
        ("govinfo_publications", ()),
        ("govinfo_publication", (pub.pk,)),
        *(
            (f"govinfo_desk_{n}", (item.pk,))
            for n in ("receive", "edit", "return", "reserve", "adopt", "forward", "merge")
        ),
        *(
            (f"govinfo_issue_{n}", (i.pk,))
            for i in (draft, issued)
            for n in ("edit", "move", "remove", "archive")
        ),
        ("govinfo_issue_entry", (draft.pk, entry.pk)),
    ]
    people = {"editor": world.editor, "county_editor": world.county_editor, "leader": world.leader}
    failures = []
    for who, user in people.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for method, routes in (("get", pages), ("post", actions)):
            for name, args in routes:
                url = reverse(f"backoffice:{name}", args=args)
                for value in JUNK if who == "editor" else JUNK[:3]:
                    response = getattr(client, method)(url, {p: value for p in PARAMS})
                    if response.status_code >= 500:
                        failures.append((who, method, name, value[:20], response.status_code))
    assert failures == []
    assert Submission.objects.filter(pk=item.pk).exists()
