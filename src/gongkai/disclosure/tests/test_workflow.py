"""The publishing workflow of docs/SPEC.md §2.4, through the service entry points."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.disclosure.models import ExemptionFiling, ItemRevision, ItemState
from gongkai.disclosure.services import workflow
from gongkai.orgs.models import SignOffCondition, SignOffStep
from gongkai.testing import item_fields

pytestmark = pytest.mark.django_db


def test_full_path_publishes_with_index_number(region, make_item, today):
    item = make_item()
    assert item.state == ItemState.PUBLISHED
    assert item.index_number == f"{region.dept.unit_code}/{today.year}-00001"
    assert item.workdays_to_publish is not None
    assert ItemRevision.objects.filter(item=item, number=1).exists()
    actions = list(AuditEvent.objects.filter(target_id=str(item.pk)).values_list("action", flat=True))
    assert {"item.created", "item.submitted", "item.review_pass", "item.signed", "item.published"} <= set(
        actions
    )


def test_serials_follow_each_other_per_body(region, make_item, today):
    a, b = make_item(), make_item()
    c = make_item(county=True)
    assert a.index_number.endswith("-00001") and b.index_number.endswith("-00002")
    assert c.index_number == f"{region.county_dept.unit_code}/{today.year}-00001"


def test_author_cannot_review_or_sign_own_draft(region, make_item):
    """docs/SPEC.md §2.4: a reviewer may not review their own draft; nobody signs their own draft."""
    from gongkai.orgs.models import Role

    Role.objects.create(user=region.editor, organization=region.dept, role="reviewer")
    Role.objects.create(user=region.editor, organization=region.dept, role="signer")
    region.editor.__dict__.pop("_gongkai_roles", None)
    item = make_item(state=ItemState.REVIEW)
    editor = type(region.editor).objects.get(pk=region.editor.pk)
    with pytest.raises(PermissionDenied):
        workflow.review_item(actor=editor, item=item, conclusion="pass")
    workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    with pytest.raises(PermissionDenied):
        workflow.sign_item(actor=editor, item=item)


def test_return_needs_reason_and_goes_back_to_author(region, make_item):
    item = make_item(state=ItemState.SIGNOFF)
    with pytest.raises(ValidationError):
        workflow.return_item(actor=region.signer, item=item, reason=" ")
    workflow.return_item(actor=region.signer, item=item, reason="请核对发文字号")
    assert item.state == ItemState.RETURNED and item.return_reason == "请核对发文字号"
    workflow.update_item(actor=region.editor, item=item, fields={"document_number": "测教〔2026〕13号"})
    workflow.submit_item(actor=region.editor, item=item)
    assert item.state == ItemState.REVIEW


def test_high_finding_blocks_until_reviewer_decides(region):
    item = workflow.create_item(
        actor=region.editor,
        organization=region.dept,
        fields=item_fields(region.column, body="<p>联系人身份证号11010519491231002X</p>"),
    )
    workflow.submit_item(actor=region.editor, item=item)
    with pytest.raises(ValidationError):
        workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    [finding] = [f for f in workflow.scan_item(item) if f.blocks]
    assert finding.finding.field == "body" and finding.finding.kind
    workflow.decide_finding(
        actor=region.reviewer,
        item=item,
        fingerprint=finding.fingerprint,
        decision="not_secret",
        note="已核实为虚构号码",
    )
    workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    assert item.state == ItemState.SIGNOFF


def test_signoff_chain_with_condition(region):
    """Region-wide items need the head's signature after the ordinary signer (docs/SPEC.md §2.4)."""
    SignOffStep.objects.create(organization=region.dept, position=1, title="分管领导签发")
    head_step = SignOffStep.objects.create(
        organization=region.dept, position=2, title="主要负责人签发", condition=SignOffCondition.REGION_WIDE
    )
    head_step.signers.add(region.head)
    item = workflow.create_item(
        actor=region.editor, organization=region.dept, fields=item_fields(region.column, is_region_wide=True)
    )
    workflow.submit_item(actor=region.editor, item=item)
    workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    workflow.sign_item(actor=region.signer, item=item)
    assert item.state == ItemState.SIGNOFF
    with pytest.raises(PermissionDenied):
        workflow.sign_item(actor=region.signer, item=item)  # not designated for the head's step
    workflow.sign_item(actor=region.head, item=item)
    assert item.state == ItemState.PUBLISHED


def test_exempt_item_is_filed_with_competent_authority(region, make_item):
    item = make_item(
        disclosure_attribute="exempt",
        exemption_reason="third_party",
        exemption_explanation="涉及第三方商业秘密",
    )
    filing = ExemptionFiling.objects.get(item=item)
    assert filing.competent_authority == region.office
    assert "第十五条" in filing.legal_basis


def test_exempt_without_reason_is_refused(region):
    with pytest.raises(ValidationError) as exc:
        workflow.create_item(
            actor=region.editor,
            organization=region.dept,
            fields=item_fields(region.column, disclosure_attribute="exempt"),
        )
    assert "法定理由" in str(exc.value)


def test_correction_keeps_versions(region, make_item):
    item = make_item()
    workflow.correct_item(
        actor=region.signer,
        item=item,
        fields={"title": "关于做好2026年义务教育招生工作的通知"},
        note="标题有误，予以更正",
    )
    assert item.revision == 2
    assert [r.snapshot["title"] for r in item.revisions.order_by("number")] == [
        "关于做好2026年义务教育招生入学工作的通知",
        "关于做好2026年义务教育招生工作的通知",
    ]


def test_withdrawn_keeps_its_index_number(region, make_item):
    item = make_item(state=ItemState.WITHDRAWN)
    assert item.state == ItemState.WITHDRAWN and item.index_number


def test_outsider_cannot_create(region):
    with pytest.raises(PermissionDenied):
        workflow.create_item(
            actor=region.outsider, organization=region.dept, fields=item_fields(region.column)
        )


def test_referred_item_is_decided_by_the_competent_authority(region, make_item):
    """docs/SPEC.md §2.4: hard-to-decide items can be referred up (呈报上级主管部门审定)."""
    from gongkai.disclosure.selectors import inbox_for

    item = make_item(state=ItemState.REVIEW)
    with pytest.raises(PermissionDenied):
        workflow.review_item(actor=region.supervisor, item=item, conclusion="pass")
    with pytest.raises(ValidationError):
        workflow.review_item(actor=region.reviewer, item=item, conclusion="refer")  # needs an opinion
    workflow.review_item(
        actor=region.reviewer, item=item, conclusion="refer", opinion="涉及征地补偿，请主管部门审定"
    )
    assert item.state == ItemState.REVIEW
    assert [i.pk for i in inbox_for(region.supervisor).referred] == [item.pk]
    workflow.review_item(actor=region.supervisor, item=item, conclusion="pass", opinion="经审定可以公开")
    assert item.state == ItemState.SIGNOFF
