"""Consultations for the tests, made through the real services (the ``region`` of ``gongkai.testing``:
市教育局's editor drafts, its reviewer reviews, its signer opens; the office head moderates)."""

from __future__ import annotations

from typing import Any

from gongkai.opinions import services
from gongkai.opinions.models import Consultation
from gongkai.orgs.models import RoleName
from gongkai.testing import grant

HOW = "请在本页提交意见，或发送电子邮件。"


def draft(
    region: Any, title: str = "测试市教育局关于课后服务的实施意见（征求意见稿）", **fields: Any
) -> Consultation:
    data = {"title": title, "body": f"<p>{title}正文。</p>", "how_to_comment": HOW, "duration_days": 30}
    data.update(fields)
    return services.create_consultation(actor=region.editor, organization=region.dept, fields=data)


def to_signoff(region: Any, c: Consultation) -> Consultation:
    services.submit_for_review(actor=region.editor, consultation=c)
    for f in services.blocking(c):
        services.decide_finding(
            actor=region.reviewer, consultation=c, fingerprint=f.fingerprint, note="虚构数据"
        )
    return services.pass_review(actor=region.reviewer, consultation=c)


def opened(
    region: Any, title: str = "测试市教育局关于课后服务的实施意见（征求意见稿）", **fields: Any
) -> Consultation:
    c = to_signoff(region, draft(region, title, **fields))
    return services.open_consultation(actor=region.signer, consultation=c)


def office_head(region: Any) -> Any:
    """The region's 局长丁 holds office_head (and signer) in 市教育局."""
    return grant(region.head, region.dept, RoleName.OFFICE_HEAD)


def comment(c: Consultation, text: str = "建议延长课后服务时间。", key: str = "", **contact: str) -> Any:
    made, _created = services.submit_comment(consultation=c, data={"text": text, **contact}, key=key)
    return made
