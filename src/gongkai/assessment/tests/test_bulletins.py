"""通报 for the whole app (assessment.bulletins): created, numbered, rendered as DOCX (opened again
with python-docx), published and withdrawn, every step audited."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.assessment import bulletins
from gongkai.assessment.models import Bulletin, BulletinKind
from gongkai.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TABLE_BODY = (
    "<p>现将2026年度考核结果通报如下。</p>"
    "<table><thead><tr><th>名次</th><th>单位</th><th>得分</th></tr></thead>"
    "<tbody><tr><td>1</td><td>测试市教育局</td><td>92.5</td></tr>"
    "<tr><td>2</td><td>测试县财政局</td><td>88</td></tr></tbody></table>"
    "<p>望各单位再接再厉。</p>"
)


def test_create_numbers_in_sequence_per_year_and_kind(region: Any, clock: Any) -> None:
    clock.set(dt.date(2026, 3, 2))
    first = bulletins.create_bulletin(
        actor=region.supervisor,
        authority=region.office,
        kind=BulletinKind.CRITICISM,
        title="通报一",
        body="正文",
    )
    second = bulletins.create_bulletin(
        actor=region.supervisor,
        authority=region.office,
        kind=BulletinKind.CRITICISM,
        title="通报二",
        body="正文",
    )
    results = bulletins.create_bulletin(
        actor=region.supervisor, authority=region.office, kind=BulletinKind.RESULTS, title="结果", body="正文"
    )
    # 测试市人民政府办公室 has no short name: the 文号 carries its name.
    assert first.number == "测试市人民政府办公室通〔2026〕1号"
    assert second.number == "测试市人民政府办公室通〔2026〕2号"
    assert results.number == "测试市人民政府办公室考〔2026〕1号"
    assert first.published_at is None
    assert AuditEvent.objects.filter(action="assessment.bulletin_created").count() == 3


def test_create_refuses_outsiders_blank_fields_and_a_used_number(region: Any) -> None:
    with pytest.raises(PermissionDenied):
        bulletins.create_bulletin(
            actor=region.editor, authority=region.office, kind=BulletinKind.RESULTS, title="t", body="b"
        )
    with pytest.raises(ValidationError) as blank:
        bulletins.create_bulletin(
            actor=region.supervisor, authority=region.office, kind=BulletinKind.RESULTS, title=" ", body=""
        )
    assert set(blank.value.message_dict) == {"title", "body"}
    bulletins.create_bulletin(
        actor=region.supervisor,
        authority=region.office,
        kind="results",
        title="t",
        body="b",
        number="X〔2026〕1号",
    )
    with pytest.raises(ValidationError) as used:
        bulletins.create_bulletin(
            actor=region.supervisor,
            authority=region.office,
            kind="results",
            title="t",
            body="b",
            number="X〔2026〕1号",
        )
    assert "number" in used.value.message_dict
    assert Bulletin.objects.count() == 1


def test_docx_opens_and_holds_the_text_and_the_table(region: Any, clock: Any) -> None:
    import docx

    clock.set(dt.date(2027, 1, 15))
    bulletin = bulletins.create_bulletin(
        actor=region.supervisor,
        authority=region.office,
        kind=BulletinKind.RESULTS,
        title="关于2026年度政务公开考核结果的通报",
        body=TABLE_BODY,
    )
    document = docx.Document(io.BytesIO(bulletins.bulletin_docx(bulletin)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "测试市人民政府办公室"  # the red masthead
    assert texts[1] == "测试市人民政府办公室考〔2027〕1号"
    assert "关于2026年度政务公开考核结果的通报" in texts
    assert "现将2026年度考核结果通报如下。" in texts
    assert "望各单位再接再厉。" in texts
    assert texts[-1] == "2027年1月15日"
    assert len(document.tables) == 1
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows == [["名次", "单位", "得分"], ["1", "测试市教育局", "92.5"], ["2", "测试县财政局", "88"]]
    assert document.core_properties.title == "关于2026年度政务公开考核结果的通报"


def test_plain_text_body_is_one_paragraph_a_line(region: Any) -> None:
    import docx

    bulletin = bulletins.create_bulletin(
        actor=region.supervisor,
        authority=region.office,
        kind="criticism",
        title="通报批评",
        body="第一段。\n\n第二段。",
    )
    texts = [p.text for p in docx.Document(io.BytesIO(bulletins.bulletin_docx(bulletin))).paragraphs]
    assert "第一段。" in texts and "第二段。" in texts
    assert str(bulletins.bulletin_html(bulletin)) == "<p>第一段。</p><p>第二段。</p>"


def test_publish_and_unpublish(region: Any, clock: Any) -> None:
    clock.set(dt.date(2026, 5, 6))
    bulletin = bulletins.create_bulletin(
        actor=region.supervisor, authority=region.office, kind="results", title="t", body="b"
    )
    assert list(bulletins.published_bulletins()) == []
    with pytest.raises(PermissionDenied):
        bulletins.publish_bulletin(actor=region.editor, bulletin=bulletin)
    published = bulletins.publish_bulletin(actor=region.supervisor, bulletin=bulletin)
    assert published.published_by == region.supervisor
    assert list(bulletins.published_bulletins()) == [bulletin]
    again = bulletins.publish_bulletin(actor=region.supervisor, bulletin=bulletin)
    assert again.published_at == published.published_at
    with pytest.raises(ValidationError):
        bulletins.unpublish_bulletin(actor=region.supervisor, bulletin=bulletin, reason=" ")
    bulletins.unpublish_bulletin(actor=region.supervisor, bulletin=bulletin, reason="文号有误")
    assert list(bulletins.published_bulletins()) == []
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["assessment.bulletin_published", "assessment.bulletin_unpublished"]
