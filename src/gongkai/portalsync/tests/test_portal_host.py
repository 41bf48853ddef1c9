"""The portal host holds only public data (issue 13 §3), proved on the demo.

The demo is built on the staff side (this test's database); ``gongkai portal export`` writes its
public projection; a portal host — its own data directory and an empty SQLite database, with
``GONGKAI_ROLE=portal``, in its own processes — imports it with ``gongkai portal import``. Then
every table and every file of the portal host is listed: no draft, no item the public may not see,
no staff user, no applicant data, no non-public byte in any file; only the shipped data every
installation has, the public projection, the channel's bookkeeping, and intake not yet collected.

Then a withdrawal on the staff side, exported and imported, makes the item vanish from the portal
host (its row, its page, its search hit and its bytes); and a rating given on the portal goes to the
staff side once, however often its file is imported, and leaves the portal on acknowledgement.
The other public kinds (意见征集 with their comments, 互动 messages, annual reports, 通报) are held
to the same promise, and each taken off the portal on the staff side is deleted there; a comment and
a message written on the portal host come back once, the message honoured by its number and code;
a comment and a rating whose consultation and item leave the portal before they are collected are
held there (intake not yet collected) and still come back once.
Once collected, a request and a message filed on the portal host are answered there from their status
row (number, code hash, state, dates: nothing of the person), with the number and code the portal gave.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.assessment.bulletins import published_bulletins, unpublish_bulletin
from gongkai.assessment.models import Bulletin
from gongkai.core.bulk import reset_sequences
from gongkai.demo.builder import build_demo
from gongkai.disclosure.models import Attachment, Item
from gongkai.disclosure.services import workflow
from gongkai.foi.models import InfoRequest
from gongkai.interaction import policy as interaction_policy
from gongkai.interaction.models import Message
from gongkai.interaction.public.views import published as published_messages
from gongkai.interaction.services import handling
from gongkai.opinions.models import Comment, Consultation, ConsultationAttachment
from gongkai.opinions.public.views import masked, public_consultations, published_comments
from gongkai.opinions.services import moderate_comment
from gongkai.orgs.models import Organization
from gongkai.portal.views.reports import published_reports
from gongkai.portalsync.forward import PLACEHOLDER_USERNAME, export_public
from gongkai.portalsync.intake import import_intake
from gongkai.portalsync.statuses import status_records
from gongkai.portalsync.tables import TABLES
from gongkai.portalsync.tests.test_case_status import STATUS_COLUMNS
from gongkai.ratings.models import Rating
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)


#: Intake not yet collected that a change set deleted with what it hung on (``portalsync.held``):
#: applicant data the portal host keeps only until the staff side acknowledges it.
HELD_INTAKE = "portalsync_heldintake"

#: Tables of the channel's and the search's own bookkeeping on the portal host.
BOOKKEEPING = {
    "portalsync_appliedbatch",
    "portalsync_intakebatch",
    "search_subjectword",
    "search_vocabularyversion",
    "sqlite_sequence",
    "sqlite_stat1",
}


@pytest.fixture(scope="session")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database of a fresh installation (``gongkai setup``: the schema and the shipped data),
    made once per session in its own process and copied for each portal host."""
    directory = tmp_path_factory.mktemp("fresh-installation")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="gongkai.settings", GONGKAI_DATA_DIR=str(directory))
    done = subprocess.run(
        [sys.executable, "-m", "gongkai", "setup"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return directory / "gongkai.sqlite3"


def _portal(env: dict[str, str], *args: str, script: str | None = None) -> str:
    command = [sys.executable, "-c", script] if script else [sys.executable, "-m", "gongkai", "portal", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def portal_host_dir(tmp_path: Path, empty: Path) -> tuple[Path, dict[str, str]]:
    """A fresh portal host's data directory (``empty``'s database copied in) and the environment of
    its processes: the portal role, SQLite, no Redis, no prewarming, no published files."""
    portal_dir = tmp_path / "portal"
    portal_dir.mkdir()
    (portal_dir / "gongkai.sqlite3").write_bytes(empty.read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        GONGKAI_DATA_DIR=str(portal_dir),
        GONGKAI_ROLE="portal",
        GONGKAI_PREWARM="off",
        GONGKAI_PUBLISH_PAGES="0",
    )
    return portal_dir, env


@pytest.fixture
def hosts(tmp_path: Path, clock: Any, empty_database: Path) -> dict[str, Any]:
    empty = empty_database
    portal_dir, env = portal_host_dir(tmp_path, empty)
    clock.set(TODAY)
    build_demo(items=300, seed=2008, echo=lambda _: None)
    return {
        "dir": portal_dir,
        "db": portal_dir / "gongkai.sqlite3",
        "empty": empty,
        "env": env,
        "gate": tmp_path / "gate",
        "state": tmp_path / "state",
        "acks": tmp_path / "acks",
    }


def _tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(db) as conn:
        names = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY 1').fetchall() for n in names}  # noqa: S608


def _bytes_of_host(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _secrets() -> dict[str, str]:
    """Strings only the staff side may hold: titles of items the public cannot see, staff
    usernames and names, applicants' names and contacts — each one that no public item mentions."""
    public_text = "\n".join(
        f"{t}\n{s}\n{b}" for t, s, b in Item.objects.public().values_list("title", "summary", "body")
    )
    # The bodies' public fields name people too (公开工作机构负责人, shown in the guide).
    public_text += "\n".join(str(row) for row in Organization.objects.values_list())
    found: dict[str, str] = {}
    for title in Item.objects.exclude(pk__in=Item.objects.public().values("pk")).values_list(
        "title", flat=True
    ):
        found.setdefault(title, "non-public item")
    for username, full_name in User.objects.values_list("username", "full_name"):
        found.setdefault(f'"{username}"', "staff user")
        if full_name:
            found.setdefault(full_name, "staff user")
    for name, phone in InfoRequest.objects.values_list("applicant_name", "phone"):
        found.setdefault(name, "applicant")
        if phone:
            found.setdefault(phone, "applicant")
    # 意见征集: consultations never opened, commenters' contact data, comments not published.
    public_text += "\n".join(f"{t}\n{b}" for t, b in public_consultations().values_list("title", "body_text"))
    for title in Consultation.objects.exclude(pk__in=public_consultations().values("pk")).values_list(
        "title", flat=True
    ):
        found.setdefault(title, "non-public consultation")
    public_text += "\n".join(masked(t) for t in published_comments().values_list("text", flat=True))
    for text, name, phone, email in Comment.objects.values_list("text", "name", "phone", "email"):
        for value in (name, phone, email):
            if value:
                found.setdefault(value, "commenter")
        if not Comment.objects.filter(text=text, published=True).exists():
            found.setdefault(text[:40], "unpublished comment")
    # 互动: the writers, the original texts, the messages not published.
    public_text += "\n".join(
        f"{s}\n{t}\n{a}"
        for s, t, a in published_messages().values_list(
            "published_subject", "published_text", "published_answer"
        )
    )
    for row in Message.objects.values_list("writer_name", "writer_phone", "writer_email", "code_hash"):
        for value in row:
            if value:
                found.setdefault(value, "message writer")
    for subject, text in Message.objects.exclude(pk__in=published_messages().values("pk")).values_list(
        "subject", "text"
    ):
        found.setdefault(subject, "unpublished message")
        found.setdefault(text[:40], "unpublished message")
    # 年报 not published, 通报 not published, and the reviewers' comments on either.
    for comment in AnnualReport.objects.exclude(review_comment="").values_list("review_comment", flat=True):
        found.setdefault(comment[:40], "report review")
    public_text += "\n".join(published_bulletins().values_list("title", flat=True))
    for title in Bulletin.objects.filter(published_at=None).values_list("title", flat=True):
        found.setdefault(title, "unpublished bulletin")
    # The status table carries the portable hash of the code a portal host gave (a slow salted hash,
    # which that host held anyway): the citizen's look-up there checks it. Nothing else of the case.
    for stored in (r["code_hash"] for r in status_records()):
        found.pop(stored, None)
    return {s: why for s, why in found.items() if len(s.strip('"')) >= 3 and s not in public_text}


def test_a_full_sync_leaves_only_public_data_on_the_portal_host(hosts):
    public_ids = set(Item.objects.public().values_list("pk", flat=True))
    hidden = Item.objects.exclude(pk__in=public_ids)
    assert hidden.filter(state="draft").exists() and hidden.filter(state="withdrawn").exists()
    assert InfoRequest.objects.exists()
    public_files = set(Attachment.objects.filter(item__in=public_ids).values_list("file", flat=True))
    public_files |= set(
        ConsultationAttachment.objects.filter(consultation__in=public_consultations()).values_list(
            "file", flat=True
        )
    )
    # The demo holds what the public must not see of every synced kind, next to what it may.
    assert Consultation.objects.exclude(pk__in=public_consultations().values("pk")).exists()
    assert Comment.objects.filter(published=False).exclude(phone="").exists()
    assert Message.objects.exclude(pk__in=published_messages().values("pk")).exists()
    assert AnnualReport.objects.exclude(pk__in=published_reports().values("pk")).exists()
    filed_there = _as_if_filed_on_a_portal_host()

    export_public(hosts["gate"], state_dir=hosts["state"])
    out = _portal(hosts["env"], "import", str(hosts["gate"]))
    assert "已导入第1号同步包" in out

    # --- every table ------------------------------------------------------------------------
    portal, empty = _tables(hosts["db"]), _tables(hosts["empty"])
    synced = {t.model._meta.db_table: t for t in TABLES}
    for table, rows in portal.items():
        if table in synced:
            assert {r[0] for r in rows} == _expected_ids(synced[table]), table
        elif table == "accounts_user":
            # One account: the placeholder every synced item names as its author; it cannot sign in.
            assert len(rows) == 1
            user = dict(zip(_columns(hosts["db"], table), rows[0], strict=True))
            assert user["username"] == PLACEHOLDER_USERNAME
            assert user["is_active"] == 0 and user["is_staff"] == 0 and user["is_superuser"] == 0
            assert user["password"].startswith("!")
        elif table in BOOKKEEPING:
            continue
        elif table == HELD_INTAKE:
            assert rows == [], "intake held on a portal host where nobody submitted anything"
        else:
            # Anything else is as a fresh installation has it: empty, or the shipped data.
            assert rows == empty[table], f"{table}: {len(rows)} rows on the portal host"
    items = dict(
        zip(
            _columns(hosts["db"], "disclosure_item"),
            zip(*portal["disclosure_item"], strict=True),
            strict=True,
        )
    )
    assert set(items["state"]) == {"published"}
    assert set(items["disclosure_attribute"]) == {"active"} and set(items["scope"]) == {"public"}
    assert set(items["return_reason"]) <= {""} and set(items["withdrawn_reason"]) <= {""}
    assert set(items["workdays_to_publish"]) == {None} and set(items["submitted_at"]) == {None}
    assert set(items["id"]) == public_ids
    # The other public pages have their content: consultations with comments, messages, reports, 通报.
    for table in (
        "opinions_consultation",
        "opinions_comment",
        "interaction_message",
        "reports_annualreport",
        "assessment_bulletin",
    ):
        assert portal[table], f"{table} is empty on the portal host"
    comments = _rows(hosts["db"], "opinions_comment")
    assert {c["name"] for c in comments} == {""} and {c["phone"] for c in comments} == {""}
    assert {c["email"] for c in comments} == {""} and {c["published"] for c in comments} == {1}
    assert {c["text"] for c in comments} == {masked(c["text"]) for c in comments}
    messages = _rows(hosts["db"], "interaction_message")
    for field in ("writer_name", "writer_phone", "writer_email", "code_hash", "subject", "text", "answer"):
        assert {m[field] for m in messages} == {""}, field
    assert {m["state"] for m in messages} == {"published"}
    consultations = _rows(hosts["db"], "opinions_consultation")
    assert {c["state"] for c in consultations} <= {"open", "closed", "concluded"}
    assert {c["review_opinion"] for c in consultations} <= {""}
    for c in consultations:
        assert c["state"] == "concluded" or c["summary_text"] == ""
    assert {r["review_comment"] for r in _rows(hosts["db"], "reports_annualreport")} <= {""}
    # The status table: the two cases filed on a portal host, and of them nothing of the person nor
    # of the content (their bytes are in the file check below too): number, code hash, state, dates.
    statuses = _rows(hosts["db"], "portalsync_casestatus")
    assert set(_columns(hosts["db"], "portalsync_casestatus")) == STATUS_COLUMNS
    assert {(c["kind"], c["number"]) for c in statuses} == {
        ("request", filed_there[0].registration_number),
        ("message", filed_there[1].tracking_number),
    }
    assert {c["code_hash"][:3] for c in statuses} == {"s1$"}
    info, message = filed_there
    personal = [
        info.applicant_name,
        info.id_number,
        info.phone,
        info.address,
        info.description[:20],
        message.subject,
        message.text[:20],
        message.writer_name,
        message.answer[:20],
    ]
    for value in [v for v in personal if len(v) >= 3]:
        assert value not in str(statuses), value

    # --- every file -------------------------------------------------------------------------
    files = _bytes_of_host(hosts["dir"])
    media = {str(p.relative_to(hosts["dir"] / "media")) for p in files if "media" in p.parts}
    assert media == public_files
    allowed_top = {
        "gongkai.sqlite3",
        "gongkai.sqlite3-wal",
        "gongkai.sqlite3-shm",
        "secret_key",
        "media",
        "search",
    }
    for path in files:
        top = path.relative_to(hosts["dir"]).parts[0]
        assert top in allowed_top or top.startswith(("public-", ".public-")), path
    secrets = _secrets()
    assert len(secrets) > 50
    for path, data in files.items():
        for secret, why in secrets.items():
            assert secret.encode() not in data, f"{why} {secret!r} in {path}"

    # --- the portal serves it, and its index holds its public items (by the portal's own clock:
    # the staff side's is frozen in this test, so a 限时公开 end in between may differ by a few).
    script = (
        "import django; django.setup(); from django.test import Client; "
        "from gongkai.disclosure.models import Item; "
        "from gongkai.search.indexer import engine; c = Client(HTTP_HOST='127.0.0.1'); "
        "print(c.get('/').status_code, c.get('/staff/login/').status_code, engine().num_docs(), "
        "Item.objects.public().count())"
    )
    home, login, indexed, public_there = _portal(hosts["env"], script=script).split()
    assert (home, login) == ("200", "404")
    assert indexed == public_there and 0 < int(public_there) <= len(public_ids)


def _expected_ids(table: Any) -> set[int]:
    """The keys of the staff side's public rows of ``table`` (computed, for the status table)."""
    if table.records is not None:
        return {int(r["id"]) for r in table.records()}
    return {r[0] for r in table.rows().values_list("pk")}


def _as_if_filed_on_a_portal_host() -> tuple[InfoRequest, Message]:
    """One demo request and one unpublished demo message given a portal host's number and portable
    code hash, as if a portal host had taken them in and the staff side had collected them."""
    from gongkai.foi.services import intake as foi_intake
    from gongkai.interaction.services import intake as message_intake

    info = InfoRequest.objects.order_by("pk").first()
    message = Message.objects.exclude(pk__in=published_messages().values("pk")).order_by("pk").first()
    assert info is not None and message is not None
    number = re.sub(r"-\d+$", "-9100001", info.registration_number)
    InfoRequest.objects.filter(pk=info.pk).update(
        registration_number=number, lookup_code_hash=foi_intake.portable_hash(number, "ABCDEFGH23")
    )
    tracking = "LY-2026-9100001"
    Message.objects.filter(pk=message.pk).update(
        tracking_number=tracking, code_hash=message_intake.portable_hash(tracking, "ABCDEFGH23")
    )
    return InfoRequest.objects.get(pk=info.pk), Message.objects.get(pk=message.pk)


def _collect_once(hosts: dict[str, Any], rows: int = 1) -> Any:
    """The portal's submissions (``rows``) exported and taken in twice on the staff side: the second
    import creates nothing. Returns the first import (its acknowledgement)."""
    _portal(hosts["env"], "intake-export", "--out", str(hosts["gate"]))
    (manifest,) = sorted(hosts["gate"].glob("intake-*.manifest.json"))
    first = import_intake(manifest, hosts["acks"])
    again = import_intake(manifest, hosts["acks"])
    assert (first.created, first.repeated) == (rows, 0) and (again.created, again.repeated) == (0, rows)
    return first


def _rows(db: Path, table: str) -> list[dict[str, Any]]:
    names = _columns(db, table)
    return [dict(zip(names, row, strict=True)) for row in _tables(db)[table]]


def _columns(db: Path, table: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[1] for r in conn.execute(f'PRAGMA table_xinfo("{table}")')]


def test_a_withdrawal_vanishes_from_the_portal_host_and_intake_comes_back_once(hosts):
    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))
    item = Item.objects.public().filter(attachments__isnull=False).first() or Item.objects.public().first()
    assert item is not None
    title = item.title
    files = set(item.attachments.values_list("file", flat=True))
    check = (
        "import django; django.setup(); from django.test import Client; "
        f"c = Client(HTTP_HOST='127.0.0.1'); print(c.get('/items/{item.pk}/').status_code)"
    )
    assert _portal(hosts["env"], script=check).strip() == "200"

    # A rating given on the portal host, not yet collected.
    rate = (
        "import django; django.setup(); "
        "from gongkai.ratings.services import Target, submit_rating; "
        "from gongkai.orgs.models import Organization; "
        f"o = Organization.objects.get(pk={item.organization_id}); "
        "submit_rating(target=Target(kind='body', organization=o), grade='satisfied', "
        "comment='办事很方便', token='t' * 32)"
    )
    _portal(hosts["env"], script=rate)

    started = time.perf_counter()
    workflow.withdraw_item(actor=_supervisor_of(item), item=item, reason="内容有误")
    result = export_public(hosts["gate"], state_dir=hosts["state"])
    assert result.kind == "changes" and result.deletes >= 1
    out = _portal(hosts["env"], "import", str(hosts["gate"]))
    lag = time.perf_counter() - started
    assert "第1号同步包已导入过，跳过" in out and "已导入第2号同步包" in out
    assert _portal(hosts["env"], script=check).strip() == "404"
    portal = _tables(hosts["db"])
    assert item.pk not in {r[0] for r in portal["disclosure_item"]}
    for path, data in _bytes_of_host(hosts["dir"]).items():
        if "search" not in path.parts:  # the index keeps words of deleted documents until a merge
            assert title.encode() not in data, path
    for name in files:
        assert not (hosts["dir"] / "media" / name).exists()
    print(f"\nwithdrawal → gone from the portal host: {lag:.2f} s (export + transfer + import)")

    # The rating goes back: once, whatever the number of imports; then leaves the portal host.
    _portal(hosts["env"], "intake-export", "--out", str(hosts["gate"]))
    (manifest,) = sorted(hosts["gate"].glob("intake-*.manifest.json"))
    first = import_intake(manifest, hosts["acks"])
    again = import_intake(manifest, hosts["acks"])
    assert (first.created, first.repeated) == (1, 0)
    assert (again.created, again.repeated) == (0, 1)
    assert Rating.objects.filter(token="t" * 32, comment="办事很方便").count() == 1
    assert _tables(hosts["db"])["ratings_rating"] != []
    out = _portal(hosts["env"], "intake-ack", str(first.ack))
    assert "门户上删除1条" in out
    assert _tables(hosts["db"])["ratings_rating"] == []
    assert "已确认过" in _portal(hosts["env"], "intake-ack", str(first.ack))


def test_a_comment_and_a_rating_whose_consultation_and_item_leave_the_portal_come_back_once(hosts):
    """Written on the portal host, then their consultation (its body switched off, after it closed
    early) and their item (withdrawn) leave the portal before collection: the change set holds them
    instead of deleting them with what they hung on, and they reach the staff side once. The staff
    side takes the comment because the portal received it within the period it announced, closed
    early since (``opinions.services._received_in_period``)."""
    from gongkai.opinions import policy as opinions_policy
    from gongkai.opinions.services import close_consultation

    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))
    db = hosts["db"]
    consultation = public_consultations().filter(state="open").order_by("pk").first()
    assert consultation is not None and consultation.accepts_comments_on(TODAY)
    body = consultation.organization
    item = Item.objects.public().exclude(organization=body).order_by("pk").first()
    assert item is not None
    key, token = "ef" * 16, "held-rating-0001"
    write = (
        "import datetime, time_machine; "
        f"time_machine.travel(datetime.datetime({TODAY.year}, {TODAY.month}, {TODAY.day}, 2), "
        "tick=False).start(); "
        "import django; django.setup(); "
        "from gongkai.disclosure.models import Item; "
        "from gongkai.opinions.models import Consultation; "
        "from gongkai.opinions.services import submit_comment; "
        "from gongkai.ratings.services import Target, submit_rating; "
        f"c = Consultation.objects.get(pk={consultation.pk}); "
        "submit_comment(consultation=c, key='" + key + "', data={'text': '建议增设夜间服务窗口', "
        "'name': '郑晓东', 'phone': '13800004444', 'email': ''}); "
        f"i = Item.objects.get(pk={item.pk}); "
        "submit_rating(target=Target(kind='item', organization=i.organization, item=i), "
        "grade='unsatisfied', comment='附件打不开', token='" + token + "')"
    )
    _portal(hosts["env"], script=write)

    close_consultation(
        actor=_someone(lambda u: opinions_policy.can_close(u, consultation)),
        consultation=consultation,
        note="方案需要调整",
    )
    Organization.objects.filter(pk=body.pk).update(is_active=False)  # the body switched off
    workflow.withdraw_item(actor=_supervisor_of(item), item=item, reason="内容有误")
    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))

    assert consultation.pk not in _ids(db, "opinions_consultation") and item.pk not in _ids(
        db, "disclosure_item"
    )
    assert not [c for c in _rows(db, "opinions_comment") if c["consultation_id"] == consultation.pk]
    assert not _rows(db, "ratings_rating")
    held = {(h["kind"], h["key"]) for h in _rows(db, HELD_INTAKE)}
    assert held == {("opinions.comment", key), ("ratings.rating", token)}

    first = _collect_once(hosts, rows=2)
    taken = Comment.objects.get(consultation=consultation, submission_key=key)
    assert (taken.name, taken.phone, taken.moderation, taken.published) == (
        "郑晓东",
        "13800004444",
        "pending",
        False,
    )
    assert Comment.objects.filter(submission_key=key).count() == 1
    rating = Rating.objects.get(token=token)
    assert (rating.item_id, rating.grade, rating.comment) == (item.pk, "unsatisfied", "附件打不开")
    assert "门户上删除2条" in _portal(hosts["env"], "intake-ack", str(first.ack))
    assert _rows(db, HELD_INTAKE) == []
    db_bytes = b"".join(p.read_bytes() for p in hosts["dir"].glob("gongkai.sqlite3*"))
    assert b"13800004444" not in db_bytes and "郑晓东".encode() not in db_bytes
    assert "没有待导出的公众提交" in _portal(hosts["env"], "intake-export", "--out", str(hosts["gate"]))


def _supervisor_of(item: Item) -> User:
    from gongkai.disclosure import policy

    for user in User.objects.filter(is_active=True).order_by("pk"):
        if policy.can_withdraw_item(user, item):
            return user
    raise AssertionError("nobody may withdraw the item")


def _someone(allowed: Any) -> User:
    for user in User.objects.filter(is_active=True).order_by("pk"):
        if allowed(user):
            return user
    raise AssertionError("nobody may do it")


def _ids(db: Path, table: str) -> set[int]:
    return {r[0] for r in _tables(db)[table]}


def test_each_kind_taken_off_the_portal_on_the_staff_side_is_deleted_on_the_portal_host(hosts):
    """A message unpublished, a comment rejected after publication, a 通报 withdrawn, a body switched
    off (its consultations, files and annual reports): each is a deletion on the portal host."""
    from gongkai.assessment.bulletins import can_manage_bulletins
    from gongkai.opinions import policy as opinions_policy

    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))
    db = hosts["db"]

    message = published_messages().order_by("pk").first()
    comment = published_comments().filter(consultation__state__in=["open", "closed"]).order_by("pk").first()
    bulletin = published_bulletins().order_by("pk").first()
    report = published_reports().order_by("pk").first()
    assert message and comment and bulletin and report
    body = report.organization
    consultations = set(public_consultations().filter(organization=body).values_list("pk", flat=True))
    files = set(
        ConsultationAttachment.objects.filter(consultation__in=consultations).values_list("file", flat=True)
    )
    pages = {
        reverse("portal:message", args=[message.pk]): "interaction_message",
        reverse("portal:consultation", args=[comment.consultation_id]): "",
        reverse("portal:assessment_bulletin", args=[bulletin.pk]): "assessment_bulletin",
        reverse("portal:annual_report", args=[body.slug, report.year]): "reports_annualreport",
    }
    pages.update({reverse("portal:consultation", args=[pk]): "opinions_consultation" for pk in consultations})
    fetch = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='127.0.0.1'); "
        f"print(' '.join(str(c.get(u).status_code) for u in {sorted(pages)!r}))"
    )
    assert set(_portal(hosts["env"], script=fetch).split()) == {"200"}
    assert message.pk in _ids(db, "interaction_message") and comment.pk in _ids(db, "opinions_comment")
    assert bulletin.pk in _ids(db, "assessment_bulletin") and report.pk in _ids(db, "reports_annualreport")
    assert consultations <= _ids(db, "opinions_consultation")
    comment_text = masked(comment.text)

    handling.unpublish(
        message, actor=_someone(lambda u: interaction_policy.can_unpublish(u, message)), reason="需要重新核实"
    )
    moderate_comment(
        actor=_someone(lambda u: opinions_policy.can_moderate(u, comment.consultation)),
        comment=comment,
        accept=False,
        reason="personal_data",
    )
    unpublish_bulletin(
        actor=_someone(lambda u: can_manage_bulletins(u, bulletin.authority)),
        bulletin=bulletin,
        reason="有误",
    )
    Organization.objects.filter(pk=body.pk).update(is_active=False)  # the body switched off
    result = export_public(hosts["gate"], state_dir=hosts["state"])
    assert result.kind == "changes"
    _portal(hosts["env"], "import", str(hosts["gate"]))

    assert message.pk not in _ids(db, "interaction_message")
    assert comment.pk not in _ids(db, "opinions_comment")
    assert bulletin.pk not in _ids(db, "assessment_bulletin")
    assert report.pk not in _ids(db, "reports_annualreport")
    assert not consultations & _ids(db, "opinions_consultation")
    for name in files:
        assert not (hosts["dir"] / "media" / name).exists(), name
    statuses = dict(zip(sorted(pages), _portal(hosts["env"], script=fetch).split(), strict=True))
    for url, table in pages.items():
        if table:
            assert statuses[url] == "404", url
    # Their words are in no byte of the portal host (unless another public row says the same).
    gone = [
        text
        for text, others in (
            (comment_text, [masked(t) for t in published_comments().values_list("text", flat=True)]),
            (
                message.published_subject,
                list(published_messages().values_list("published_subject", flat=True)),
            ),
            (bulletin.title, list(published_bulletins().values_list("title", flat=True))),
        )
        if not any(text in other for other in others)
    ]
    assert gone
    for path, data in _bytes_of_host(hosts["dir"]).items():
        for text in gone:
            assert text.encode() not in data, (text, path)


def test_a_comment_written_on_the_portal_host_reaches_the_staff_side_once_and_leaves_the_portal(hosts):
    """意见征集 comments come back like ratings: through the domain's own service, keyed by the form's
    one-time key; a synced comment that takes the same primary key never overwrites one waiting."""
    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))
    consultation = public_consultations().filter(state="open").order_by("pk").first()
    assert consultation is not None and consultation.accepts_comments_on(TODAY)
    key = "ab" * 16
    write = (
        # The portal's process on the staff side's (frozen) day: the consultation is open then.
        "import datetime, time_machine; "
        f"time_machine.travel(datetime.datetime({TODAY.year}, {TODAY.month}, {TODAY.day}, 2), "
        "tick=False).start(); "
        "import django; django.setup(); "
        "from gongkai.opinions.models import Consultation; "
        "from gongkai.opinions.services import submit_comment; "
        f"c = Consultation.objects.get(pk={consultation.pk}); "
        "comment, created = submit_comment(consultation=c, key='" + key + "', data={'text': "
        "'建议延长公示期限至三十日', 'name': '钱多多', 'phone': '13900001111', 'email': ''}); "
        "print(comment.pk, created)"
    )
    pk, created = _portal(hosts["env"], script=write).split()
    assert created == "True"

    # The staff side publishes a comment under that very key: the portal's comment moves aside.
    Comment.objects.create(
        pk=int(pk),
        consultation=consultation,
        text="同意该方案",
        received_at=consultation.opened_at,
        submission_key="cd" * 16,
        moderation="accepted",
        published=True,
    )
    reset_sequences([Comment])  # the staff side's own keys stay past the one written here
    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))
    rows = {r["submission_key"]: r for r in _rows(hosts["db"], "opinions_comment")}
    assert rows[f"synced-{pk}"]["text"] == "同意该方案" and rows[f"synced-{pk}"]["id"] == int(pk)
    assert rows[key]["phone"] == "13900001111" and rows[key]["id"] != int(pk)

    first = _collect_once(hosts)
    taken = Comment.objects.get(consultation=consultation, submission_key=key)
    assert (taken.name, taken.phone, taken.published, taken.moderation) == (
        "钱多多",
        "13900001111",
        False,
        "pending",
    )
    assert "门户上删除1条" in _portal(hosts["env"], "intake-ack", str(first.ack))
    keys = {r["submission_key"] for r in _rows(hosts["db"], "opinions_comment")}
    assert key not in keys and f"synced-{pk}" in keys
    db_bytes = b"".join(p.read_bytes() for p in hosts["dir"].glob("gongkai.sqlite3*"))
    assert b"13900001111" not in db_bytes and "钱多多".encode() not in db_bytes
    # Not published on the staff side yet: the next batch sends nothing of it.
    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))
    assert key not in {r["submission_key"] for r in _rows(hosts["db"], "opinions_comment")}


def test_a_message_written_on_the_portal_host_is_honoured_by_the_staff_side(hosts):
    """互动: a message written on the portal host comes back once; the tracking number and code the
    citizen was given there find it on the staff side; it leaves the portal on acknowledgement."""
    from gongkai.interaction.services.intake import find_by_code

    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))
    body = published_messages().order_by("pk").first().organization
    write = (
        "import datetime, time_machine; "
        f"time_machine.travel(datetime.datetime({TODAY.year}, {TODAY.month}, {TODAY.day}, 2), "
        "tick=False).start(); "
        "import django; django.setup(); "
        # Through the portal's own pages: 写信, the page showing the number and code, 留言查询.
        "from django.test import Client; "
        "from gongkai.interaction.models import MessageKind; "
        "from gongkai.interaction.public.views import SESSION_SUBMITTED; "
        "c = Client(HTTP_HOST='127.0.0.1'); "
        "k = MessageKind.objects.filter(is_active=True).first(); "
        f"r = c.post('/messages/write/', {{'organization': {body.pk}, 'kind': k.pk, "
        "'subject': '小区路灯不亮', 'text': '幸福路小区东门的路灯已经坏了两周，夜间出行不便。', "
        "'writer_name': '孙小美', 'writer_phone': '13700002222', 'consent_publish': 'on', "
        "'token': 'portal-form-0001-abcdef'}); "
        "assert r.status_code == 302, r.status_code; "
        "s = c.session[SESSION_SUBMITTED]; shown = c.get('/messages/submitted/'); "
        "assert shown.status_code == 200 and s['code'] in shown.content.decode(); "
        "t = c.post('/messages/track/', {'tracking_number': s['number'], 'code': s['code']}); "
        "print(s['number'], s['code'], t.status_code == 200 and '小区路灯不亮' in t.content.decode())"
    )
    number, code, found_there = _portal(hosts["env"], script=write).split()
    assert re.fullmatch(r"LY-2026-9\d{6}", number) and found_there == "True"

    # A change set does not touch it (it is not the staff side's row).
    handling.unpublish(
        published_messages().order_by("pk").first(),
        actor=_someone(
            lambda u: interaction_policy.can_unpublish(u, published_messages().order_by("pk").first())
        ),
        reason="需要重新核实",
    )
    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))
    assert number in {r["tracking_number"] for r in _rows(hosts["db"], "interaction_message")}

    first = _collect_once(hosts)
    taken = find_by_code(number, code)
    assert taken is not None and (taken.writer_name, taken.subject) == ("孙小美", "小区路灯不亮")
    assert taken.organization_id == body.pk and taken.state == "received"
    assert find_by_code(number, "2345678923") is None
    assert Message.objects.filter(tracking_number=number).count() == 1
    assert "门户上删除1条" in _portal(hosts["env"], "intake-ack", str(first.ack))
    assert number not in {r["tracking_number"] for r in _rows(hosts["db"], "interaction_message")}

    # Collected, then answered on the staff side: the portal's 留言查询 finds it through its status row.
    handling.answer(
        taken,
        actor=_someone(lambda u: interaction_policy.can_answer(u, taken)),
        text="您好：东门路灯已修复，感谢您的反映和监督。",
    )
    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))
    track = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='127.0.0.1'); "
        f"r = c.post('/messages/track/', {{'tracking_number': '{number}', 'code': '{code}'}}); "
        "page = r.content.decode(); "
        "print(r.status_code, '已答复' in page, '小区路灯不亮' in page, '东门路灯已修复' in page)"
    )
    assert _portal(hosts["env"], script=track).split() == ["200", "True", "False", "False"]
    db_bytes = b"".join(p.read_bytes() for p in hosts["dir"].glob("gongkai.sqlite3*"))
    assert b"13700002222" not in db_bytes and "孙小美".encode() not in db_bytes


def test_a_request_made_on_the_portal_host_keeps_its_number_code_and_day_of_receipt(hosts, clock):
    """依申请公开: an application made on the portal host on a Friday comes back once on the Monday;
    the registration number and look-up code the applicant was given find it on the staff side, and
    its date of receipt is the Friday, when the online form confirmed it (第三十一条第（三）项): the
    20 working days (第三十三条) run from then. It leaves the portal on acknowledgement."""
    from gongkai.foi.services.intake import find_by_code

    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))
    body = Organization.objects.active().order_by("pk").first()
    write = (
        "import datetime, re, time_machine; "
        # Friday 20 November 2026, 15:00 in Beijing.
        "time_machine.travel(datetime.datetime(2026, 11, 20, 7, tzinfo=datetime.timezone.utc), "
        "tick=False).start(); "
        "import django; django.setup(); "
        "from django.test import Client; "
        "c = Client(HTTP_HOST='127.0.0.1'); "
        f"r = c.post('/requests/apply/', {{'organization': {body.pk}, 'applicant_type': 'person', "
        "'applicant_name': '周明远', 'id_type': 'resident_id', 'id_number': '11010519491231002X', "
        "'phone': '13600003333', 'email': 'zhoumy@example.com', 'address': '安徽省宿州市埇桥区银河一路88号', "
        "'postcode': '234000', 'description': '2026年本区城镇老旧小区改造项目清单及资金安排', "
        "'format': 'electronic', 'delivery': 'online', 'confirm': 'on'}); "
        "assert r.status_code == 302, r.content.decode()[:2000]; "
        "page = c.get('/requests/submitted/').content.decode(); "
        # No look-up page on a portal host: the page says where the case goes instead.
        "assert '申请将转交受理机关办理' in page and '查看办理进度' not in page; "
        # …and points to this host's own look-up.
        "assert 'href=\"/requests/track/\"' in page; "
        "number = re.search(r'YSQ-[0-9A-Z]{6}-2026-[0-9]+', page).group(0); "
        "code = re.search(r'<code>([2-9A-Z]{10})</code>', page).group(1); "
        "print(number, code)"
    )
    number, code = _portal(hosts["env"], script=write).split()
    assert re.fullmatch(r"YSQ-\w{6}-2026-9\d{6}", number)
    (waiting,) = _rows(hosts["db"], "foi_inforequest")
    assert waiting["registration_number"] == number and waiting["lookup_code_hash"].startswith("s1$")
    assert not [r for r in _rows(hosts["db"], "audit_auditevent") if number in str(r)]

    clock.set(dt.date(2026, 11, 23))  # collected on the Monday
    first = _collect_once(hosts)
    taken = find_by_code(number, code)
    assert taken is not None and taken.applicant_name == "周明远" and taken.organization_id == body.pk
    assert taken.received_on == dt.date(2026, 11, 20) and taken.channel == "online"
    # 20 working days from the day after the Friday: 23 Nov … 18 Dec (no holiday between).
    assert taken.due_date == dt.date(2026, 12, 18)
    assert find_by_code(number, "2345678923") is None
    assert InfoRequest.objects.filter(registration_number=number).count() == 1

    assert "门户上删除1条" in _portal(hosts["env"], "intake-ack", str(first.ack))
    assert not _rows(hosts["db"], "foi_inforequest") and not _rows(hosts["db"], "foi_clockevent")

    # The status projection brings its state back: the applicant's number and code answer on the
    # portal host (the state as the staff side words it, the deadline the staff side computed).
    export_public(hosts["gate"], state_dir=hosts["state"])
    _portal(hosts["env"], "import", str(hosts["gate"]))
    (row,) = [r for r in _rows(hosts["db"], "portalsync_casestatus") if r["number"] == number]
    assert (row["kind"], row["state"], row["due_date"]) == ("request", "registered", "2026-12-18")
    look = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='127.0.0.1'); "
        f"r = c.post('/requests/track/', {{'registration_number': '{number}', 'code': '{code}'}}); "
        f"w = c.post('/requests/track/', {{'registration_number': '{number}', 'code': '2345678923'}}); "
        "page = r.content.decode(); "
        "print(r.status_code, w.status_code, '待分办' in page, '2026年12月18日' in page, "
        "'2026年11月20日' in page, '周明远' in page)"
    )
    assert _portal(hosts["env"], script=look).split() == ["200", "400", "True", "True", "True", "False"]
    db_bytes = b"".join(p.read_bytes() for p in hosts["dir"].glob("gongkai.sqlite3*"))
    assert b"13600003333" not in db_bytes and "周明远".encode() not in db_bytes
