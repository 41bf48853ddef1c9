"""The desk's screens (信息编辑, 信息刊物; docs/SPEC.md §8): who opens what, the actions through the
pages, the issue's DOCX and print page, the circulation log, and clear 4xx answers to bad input."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.test import Client
from django.urls import reverse

from gongkai.govinfo.models import Circulation, Issue, IssueState, Publication, State, Submission
from gongkai.govinfo.services import desk
from gongkai.govinfo.tests.desk_world import DeskWorld, build_desk_world, publication, submitted

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def world(clock: object) -> DeskWorld:
    clock.set(DAY)  # type: ignore[attr-defined]
    return build_desk_world()


def as_user(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def url(name: str, *args: object) -> str:
    return reverse(f"backoffice:{name}", args=args)


def issued(world: DeskWorld, *, titles: tuple[str, ...] = ("市教育局排查校园隐患",)) -> Issue:
    pub = publication(world)
    for title in titles:
        desk.adopt(submitted(world.unit, world.writer, title=title), actor=world.editor, publication=pub)
    issue = desk.draft_issue(pub, actor=world.editor)
    desk.update_issue(
        issue,
        actor=world.editor,
        editor_note="各地可结合实际参阅。",
        bao="省政府办公厅",
        song="市委办公室",
        fa="各县区人民政府",
        copies=60,
    )
    return desk.issue_issue(issue, actor=world.editor)


def test_desk_list_tabs_and_the_inbox_queue(world: DeskWorld) -> None:
    a = submitted(world.unit, world.writer, title="待签收的一条")
    b = submitted(world.unit, world.writer, title="已签收的一条")
    desk.receive(b, actor=world.editor)
    c = submitted(world.unit, world.writer, title="储备的一条")
    desk.reserve(c, actor=world.editor)
    client = as_user(world.editor)
    page = client.get(url("govinfo_desk")).content.decode()
    assert "待签收的一条" in page and "已签收的一条" in page and "储备的一条" not in page
    page = client.get(url("govinfo_desk") + "?state=submitted").content.decode()
    assert "待签收的一条" in page and "已签收的一条" not in page
    page = client.get(url("govinfo_desk") + "?tab=reserved").content.decode()
    assert "储备的一条" in page and "待签收的一条" not in page
    assert a.pk


def test_desk_filters_and_bad_filters(world: DeskWorld) -> None:
    submitted(world.unit, world.writer, title="三月的一条")
    client = as_user(world.editor)
    assert "三月的一条" in client.get(url("govinfo_desk") + "?month=2026-03").content.decode()
    assert "三月的一条" not in client.get(url("govinfo_desk") + "?month=2026-02").content.decode()
    response = client.get(url("govinfo_desk") + "?month=2026-13")
    assert response.status_code == 400
    assert "月份格式应为“2026-03”。" in response.content.decode()
    assert client.get(url("govinfo_desk") + "?unit=abc").status_code == 400
    assert client.get(url("govinfo_desk") + "?tab=nope").status_code == 400
    assert client.get(url("govinfo_desk") + "?page=zz").status_code == 200


def test_desk_permissions(world: DeskWorld) -> None:
    s = submitted(world.unit, world.writer)
    assert as_user(world.county_editor).get(url("govinfo_desk_item", s.pk)).status_code == 404
    assert as_user(world.county_editor).post(url("govinfo_desk_receive", s.pk)).status_code == 404
    assert as_user(world.writer).get(url("govinfo_desk")).status_code == 403
    assert as_user(world.leader).get(url("govinfo_desk_item", s.pk)).status_code == 403
    assert as_user(world.outsider).get(url("govinfo_adoptions")).status_code == 403
    assert Client().get(url("govinfo_desk")).status_code == 302  # to sign-in
    assert as_user(world.editor).get(url("govinfo_desk_item", 999999)).status_code == 404


def test_item_page_actions(world: DeskWorld) -> None:
    s = submitted(world.unit, world.writer)
    client = as_user(world.editor)
    page = client.get(url("govinfo_desk_item", s.pk)).content.decode()
    assert "签收" in page and "近30天没有相似的报送。" in page
    response = client.post(url("govinfo_desk_receive", s.pk))
    assert response.status_code == 302
    assert Submission.objects.get(pk=s.pk).state == State.RECEIVED
    response = client.post(url("govinfo_desk_return", s.pk), {"reason": ""})
    assert response.status_code == 400
    assert "这个字段是必填项。" in response.content.decode() or "必填" in response.content.decode()
    response = client.post(url("govinfo_desk_return", s.pk), {"reason": "请补充数据来源"})
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.state, s.return_reason) == (State.RETURNED, "请补充数据来源")


def test_edit_page(world: DeskWorld) -> None:
    s = submitted(world.unit, world.writer)
    client = as_user(world.editor)
    assert client.get(url("govinfo_desk_edit", s.pk)).status_code == 200
    response = client.post(url("govinfo_desk_edit", s.pk), {"title": "", "body": ""})
    assert response.status_code == 400
    response = client.post(
        url("govinfo_desk_edit", s.pk), {"title": "新标题", "body": "<p>新正文</p>", "note": "压缩篇幅"}
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.title, s.body) == ("新标题", "<p>新正文</p>")
    assert s.revisions.get().note == "压缩篇幅"
    page = client.get(url("govinfo_desk_item", s.pk)).content.decode()
    assert f'href="/staff/govinfo/submissions/{s.pk}/"' in page  # the diff, on the submission's page
    assert client.get(url("govinfo_submission", s.pk)).status_code == 200


def test_adopt_through_the_page_and_issue(world: DeskWorld) -> None:
    pub = publication(world)
    s = submitted(world.unit, world.writer)
    client = as_user(world.editor)
    response = client.post(url("govinfo_desk_adopt", s.pk), {"publication": "x"})
    assert response.status_code == 400
    response = client.post(url("govinfo_desk_adopt", s.pk), {"publication": pub.pk})
    issue = Issue.objects.get()
    assert response.status_code == 302 and response["Location"] == url("govinfo_issue", issue.pk)
    page = client.get(url("govinfo_issue", issue.pk)).content.decode()
    assert "印发（编号）" in page and "市教育局开展校园安全大检查" in page
    response = client.post(url("govinfo_issue_edit", issue.pk), {"editor_note": "按语", "copies": "0"})
    assert response.status_code == 400
    response = client.post(url("govinfo_issue_issue", issue.pk))
    issue.refresh_from_db()
    assert (issue.state, issue.number) == (IssueState.ISSUED, 1)
    response = client.post(url("govinfo_issue_archive", issue.pk))
    issue.refresh_from_db()
    assert issue.archive_code == "GX-2026-政务信息-001"
    assert "GX-2026-政务信息-001" in client.get(url("govinfo_issues") + "?archived=1").content.decode()


def test_move_and_remove_through_the_page(world: DeskWorld) -> None:
    pub = publication(world)
    for title in ("甲条", "乙条"):
        desk.adopt(submitted(world.unit, world.writer, title=title), actor=world.editor, publication=pub)
    issue = Issue.objects.get()
    second = issue.entries.get(title="乙条")
    client = as_user(world.editor)
    assert (
        client.post(url("govinfo_issue_move", issue.pk), {"entry": second.pk, "direction": "up"}).status_code
        == 302
    )
    assert list(issue.entries.order_by("position").values_list("title", flat=True)) == ["乙条", "甲条"]
    assert (
        client.post(url("govinfo_issue_move", issue.pk), {"entry": "abc", "direction": "up"}).status_code
        == 404
    )
    assert (
        client.post(url("govinfo_issue_move", issue.pk), {"entry": second.pk, "direction": "x"}).status_code
        == 302
    )
    assert client.post(url("govinfo_issue_remove", issue.pk), {"entry": second.pk}).status_code == 302
    assert list(issue.entries.values_list("title", flat=True)) == ["甲条"]
    entry = issue.entries.get()
    assert client.get(url("govinfo_issue_entry", issue.pk, entry.pk)).status_code == 200
    response = client.post(
        url("govinfo_issue_entry", issue.pk, entry.pk), {"title": "甲条（改）", "body": "<p>改</p>"}
    )
    assert response.status_code == 302
    assert client.get(url("govinfo_issue_entry", issue.pk, 999999)).status_code == 404


def test_issue_page_records_circulation_and_shows_the_log(world: DeskWorld, clock: object) -> None:
    issue = issued(world)
    leader = as_user(world.leader)
    clock.set(dt.datetime(2026, 3, 3, 9, 15))  # type: ignore[attr-defined]
    page = leader.get(url("govinfo_issue", issue.pk)).content.decode()
    assert "传阅记录" in page and "市长" in page and "2026-03-03 09:15" in page
    assert f'href="/staff/govinfo/instructions/new/?issue={issue.pk}"' in page
    assert "印发（编号）" not in page  # a leader reads, never edits
    as_user(world.editor).get(url("govinfo_issue", issue.pk))
    assert Circulation.objects.filter(issue=issue).count() == 2
    assert as_user(world.leader).post(url("govinfo_issue_archive", issue.pk)).status_code == 403
    assert as_user(world.county_editor).get(url("govinfo_issue", issue.pk)).status_code == 404
    assert as_user(world.writer).get(url("govinfo_issue", issue.pk)).status_code == 403
    assert Circulation.objects.filter(issue=issue).count() == 2
    unread = leader.get(url("govinfo_issues") + "?work=unread").content.decode()
    assert str(issue) not in unread


def test_leader_does_not_see_drafts(world: DeskWorld) -> None:
    issue = desk.draft_issue(publication(world), actor=world.editor)
    assert as_user(world.leader).get(url("govinfo_issue", issue.pk)).status_code == 404
    assert as_user(world.editor).get(url("govinfo_issues") + "?work=draft").status_code == 200


def test_issues_list_bad_filters(world: DeskWorld) -> None:
    issued(world)
    client = as_user(world.editor)
    for query in ("?year=abc", "?year=1999", "?publication=abc", "?publication=999999", "?work=zzz"):
        response = client.get(url("govinfo_issues") + query)
        assert response.status_code == 400, query
    other = Publication.objects.get(code="province-general")
    assert client.get(url("govinfo_issues") + f"?publication={other.pk}").status_code == 400
    assert client.get(url("govinfo_issues") + "?year=2026").status_code == 200


def test_issue_docx_has_masthead_number_items_and_distribution(world: DeskWorld) -> None:
    issue = issued(world, titles=("市教育局排查校园隐患", "县财政局推进预算绩效"))
    response = as_user(world.leader).get(url("govinfo_issue_docx", issue.pk))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "政务信息"
    assert document.paragraphs[0].runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    assert texts[1] == "第1期（总第1期）"
    assert texts[2] == "测试市人民政府办公室\t2026年3月2日"
    assert texts[3] == "目  录"
    assert texts[4:6] == ["1. 市教育局排查校园隐患", "2. 县财政局推进预算绩效"]
    assert "编者按：各地可结合实际参阅。" in texts
    assert texts.index("市教育局排查校园隐患") < texts.index("县财政局推进预算绩效")
    assert "近日，市教育局组织开展校园安全大检查，排查隐患12处，已全部整改。" in texts
    assert texts[-4:] == ["报：省政府办公厅", "送：市委办公室", "发：各县区人民政府", "共印60份"]


def test_print_page(world: DeskWorld) -> None:
    issue = issued(world)
    response = as_user(world.editor).get(url("govinfo_issue_print", issue.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/govinfo/desk/issue-print.css" in page
    assert 'class="masthead-name">政务信息<' in page
    assert "第1期（总第1期）" in page
    assert "2026年3月2日" in page
    assert "编者按：" in page
    assert "<dt>报：</dt><dd>省政府办公厅</dd>" in page
    assert "共印60份" in page
    assert "style=" not in page


def test_publications_screen(world: DeskWorld) -> None:
    client = as_user(world.editor)
    assert client.get(url("govinfo_publications")).status_code == 200
    response = client.post(
        url("govinfo_publications"),
        {
            "org": world.office.pk,
            "name": "《每日要情》",
            "level": "city",
            "edition": "daily",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    pub = Publication.objects.get(name="《每日要情》")
    assert pub.organization == world.office
    response = client.post(
        url("govinfo_publications"),
        {"org": world.office.pk, "name": "《每日要情》", "level": "city", "edition": "daily"},
    )
    assert response.status_code == 400
    assert "本单位已有刊物“《每日要情》”。" in response.content.decode()
    response = client.post(
        url("govinfo_publication", pub.pk), {"name": "《每日要情》", "level": "bad", "edition": "daily"}
    )
    assert response.status_code == 400
    assert as_user(world.county_editor).get(url("govinfo_publication", pub.pk)).status_code == 404
    assert (
        as_user(world.county_editor).post(url("govinfo_publications"), {"org": world.office.pk}).status_code
        == 404
    )


def test_forward_and_merge_through_the_page(world: DeskWorld) -> None:
    original = submitted(world.county_unit, world.county_writer, title="县财政局推进预算绩效管理")
    client = as_user(world.county_editor)
    assert client.post(url("govinfo_desk_forward", original.pk), {"to_name": ""}).status_code == 302
    created = Submission.objects.get(forwarded_from=original)
    assert created.recipient == world.office
    response = as_user(world.editor).post(url("govinfo_desk_forward", created.pk), {"to_name": ""})
    assert response.status_code == 400
    assert "本单位的上级不在平台上，请登记为平台外转报。" in response.content.decode()
    assert (
        as_user(world.editor)
        .post(url("govinfo_desk_forward", created.pk), {"to_name": "省政府办公厅"})
        .status_code
        == 302
    )

    body = (
        "<p>7月10日夜，埇桥区突降暴雨，城区多处积水，区应急管理局组织力量排涝，"
        "转移群众120人，未造成人员伤亡。</p>"
    )
    keep = submitted(world.unit, world.writer, title="埇桥区遭遇强降雨", body=body)
    other = submitted(
        world.region.county,
        world.writer,
        title="埇桥区全力应对强降雨",
        body="<p>7月10日晚，埇桥区出现强降雨，城区部分路段积水，区应急管理局连夜组织排涝，转移群众120余人，无人员伤亡。</p>",
    )
    page = as_user(world.editor).get(url("govinfo_desk_item", keep.pk)).content.decode()
    assert "埇桥区全力应对强降雨" in page and "相似度" in page
    assert (
        as_user(world.editor).post(url("govinfo_desk_merge", keep.pk), {"others": "abc"}).status_code == 400
    )
    assert (
        as_user(world.editor).post(url("govinfo_desk_merge", keep.pk), {"others": other.pk}).status_code
        == 302
    )
    other.refresh_from_db()
    assert other.state == State.MERGED


def test_manual_adoption_screen(world: DeskWorld) -> None:
    s = submitted(world.unit, world.writer)
    desk.receive(s, actor=world.editor)
    province = Publication.objects.get(code="province-general")
    client = as_user(world.editor)
    page = client.get(url("govinfo_adoptions")).content.decode()
    assert "市教育局开展校园安全大检查" in page
    response = client.post(url("govinfo_adoptions"), {"submissions": [s.pk], "publication": province.pk})
    assert response.status_code == 400
    response = client.post(
        url("govinfo_adoptions"),
        {
            "submissions": [s.pk],
            "publication": province.pk,
            "issue_label": "2026年第15期",
            "adopted_on": "2026-02-27",
            "notice": "皖政办信息〔2026〕3号",
        },
    )
    assert response.status_code == 302
    page = client.get(url("govinfo_adoptions")).content.decode()
    assert "2026年第15期" in page and "皖政办信息〔2026〕3号" in page


def test_menu_entries_per_role(world: DeskWorld) -> None:
    from gongkai.core.registry import staff_sections

    def menu(user: object) -> set[str]:
        return {
            s.key for s in staff_sections() if s.key in ("govinfo_desk", "govinfo_issues") and s.visible(user)
        }

    assert menu(world.editor) == {"govinfo_desk", "govinfo_issues"}
    assert menu(world.leader) == {"govinfo_issues"}
    assert menu(world.writer) == set()
    assert menu(world.outsider) == set()
    assert as_user(world.leader).get(url("govinfo_issues")).status_code == 200
    assert as_user(world.leader).get(url("govinfo_desk")).status_code == 403
    assert as_user(world.writer).get(url("govinfo_issues")).status_code == 403
