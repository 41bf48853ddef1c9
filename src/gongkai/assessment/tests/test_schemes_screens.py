"""The scheme screens (考核方案) as a supervisor and others use them: the list, a scheme's tree in
words, copying a template, editing a criterion (a bad rule is a 400 with the kernel's words, nothing
lost), publishing (then frozen), a new version and its diff, and recomputing a closed round."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from gongkai.assessment import shipped
from gongkai.assessment.models import Recomputation, Scheme, SchemeState
from gongkai.assessment.services import schemes as svc
from gongkai.assessment.tests.test_schemes import _final_round, _scheme_v1
from gongkai.testing import UserFactory


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _template(code: str) -> Scheme:
    return Scheme.objects.get(authority=None, code=code, version=1)


def test_the_list_and_a_templates_tree_in_words(region: Any) -> None:
    client = _client(region.supervisor)
    page = client.get(reverse("backoffice:assessment_schemes"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "陇川县政府信息公开目标评议考核细则" in html and "政府信息公开工作考核标准方案" in html
    detail = client.get(reverse("backoffice:assessment_scheme", args=[_template(shipped.STANDARD).pk]))
    html = detail.content.decode()
    assert "超过20个工作日公开的信息：每项扣5分" in html
    assert "参评分组“无公共服务职能的单位”（由组织考核机关指定）：得分乘以4/3折算" in html
    assert "复制为本机关的方案" in html
    assert "修改方案信息和计分配置" not in html  # a template is the system administrators'


def test_only_supervisors_and_system_admins_open_it(region: Any) -> None:
    for user in (region.editor, region.head, region.admin):
        assert _client(user).get(reverse("backoffice:assessment_schemes")).status_code == 403
    admin = UserFactory.create(is_superuser=True)
    assert _client(admin).get(reverse("backoffice:assessment_schemes")).status_code == 200
    # another authority's scheme is not found
    own = svc.copy_template(
        actor=region.supervisor, template=_template(shipped.STANDARD), authority=region.office
    )
    stranger = UserFactory.create()
    assert _client(stranger).get(reverse("backoffice:assessment_scheme", args=[own.pk])).status_code == 403


def test_copy_edit_with_a_bad_rule_publish_and_frozen(region: Any) -> None:
    client = _client(region.supervisor)
    template = _template(shipped.LONGCHUAN)
    response = client.post(reverse("backoffice:assessment_scheme_copy", args=[template.pk]))
    copy = Scheme.objects.get(authority=region.office, code=shipped.LONGCHUAN)
    assert response.status_code == 302 and response["Location"] == reverse(
        "backoffice:assessment_scheme", args=[copy.pk]
    )
    second = copy.criteria.get(code="二")
    url = reverse("backoffice:assessment_criterion_edit", args=[copy.pk, second.pk])
    assert client.get(url).status_code == 200
    data = {
        "code": "二",
        "title": "制度建设与监督检查",
        "kind": "manual",
        "max_points": "15",
        "parent": "",
        "position": "20",
        "groups_text": "",
        "rules": '[{"type": "checklist", "label": "未建立奖惩机制"',
        "guidance": "写到一半的评分标准",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "计分规则不是有效的JSON" in html and "写到一半的评分标准" in html  # nothing typed is lost
    data["rules"] = '[{"type": "checklist", "label": "未建立奖惩机制", "points": "20"}]'
    bad = client.post(url, data)
    assert bad.status_code == 400 and "“二 制度建设与监督检查”的扣分事项合计超过分值" in bad.content.decode()
    data["rules"] = (
        '[{"type": "checklist", "label": "未建立奖惩机制", "points": "5"}, '
        '{"type": "checklist", "label": "未公布监督电话", "points": "2"}]'
    )
    assert client.post(url, data).status_code == 302
    detail = client.get(reverse("backoffice:assessment_scheme", args=[copy.pk])).content.decode()
    assert "未建立奖惩机制扣5分<br>未公布监督电话扣2分" in detail
    assert client.post(reverse("backoffice:assessment_scheme_publish", args=[copy.pk])).status_code == 302
    copy.refresh_from_db()
    assert copy.state == SchemeState.PUBLISHED
    frozen = client.post(url, data)
    assert frozen.status_code == 302  # refused with a message, back to the scheme
    assert client.get(frozen["Location"]).status_code == 200
    # a new version, changed, and the diff says what changed
    client.post(reverse("backoffice:assessment_scheme_version", args=[copy.pk]))
    v2 = Scheme.objects.get(authority=region.office, code=shipped.LONGCHUAN, version=2)
    first = v2.criteria.get(code="一")
    client.post(
        reverse("backoffice:assessment_criterion_edit", args=[v2.pk, first.pk]),
        {"code": "一", "title": "组织领导和机构情况", "kind": "manual", "max_points": "25", "rules": "[]"},
    )
    page = client.get(reverse("backoffice:assessment_scheme_diff", args=[v2.pk]))
    assert page.status_code == 200
    assert "<td>分值</td><td><del>20</del></td><td><ins>25</ins></td>" in page.content.decode()


def test_recompute_a_closed_round_on_screen(region: Any) -> None:
    v1 = _scheme_v1(region)
    rnd, _bodies = _final_round(region, v1)
    client = _client(region.supervisor)
    url = reverse("backoffice:assessment_round_recompute", args=[rnd.pk])
    assert "没有更新的已发布版本" in client.get(url).content.decode()
    v2 = svc.new_version(actor=region.supervisor, scheme=v1)
    svc.save_criterion(
        actor=region.supervisor,
        scheme=v2,
        criterion=v2.criteria.get(code="1"),
        fields={
            "code": "1",
            "title": "公开时效",
            "kind": "indicator",
            "max_points": "30",
            "rules": '[{"type": "per_unit", "indicator": "items_late", "points": "3", "label": "逾期发布"}]',
        },
    )
    svc.publish_scheme(actor=region.supervisor, scheme=v2)
    scheme_page = client.get(reverse("backoffice:assessment_scheme", args=[v2.pk])).content.decode()
    assert "可按本版本重新计分的考核" in scheme_page and url in scheme_page
    no_reason = client.post(url, {"scheme": v2.pk, "reason": ""})
    assert no_reason.status_code == 400
    assert _client(region.head).post(url, {"scheme": v2.pk, "reason": "x"}).status_code in (403, 404)
    done = client.post(url, {"scheme": v2.pk, "reason": "逾期发布每项扣分更正为3分"})
    recomputation = Recomputation.objects.get()
    assert done["Location"] == reverse("backoffice:assessment_recomputation", args=[recomputation.pk])
    html = client.get(done["Location"]).content.decode()
    assert "有变化的单位（3个）" in html
    assert "1 公开时效：<del>20.00</del> → <ins>24.00</ins>" in html
    assert "<del>先进</del> → <ins>合格</ins>" in html
    assert "测试市D局（35.00）" in html


def test_a_system_admin_without_an_authority_creates_a_template_not_a_403(region: Any) -> None:
    admin = UserFactory.create(is_superuser=True)
    client = _client(admin)
    listing = client.get(reverse("backoffice:assessment_schemes")).content.decode()
    assert reverse("backoffice:assessment_scheme_new") in listing  # the 新建方案 button
    page = client.get(reverse("backoffice:assessment_scheme_new"))
    assert page.status_code == 200 and "平台模板" in page.content.decode()
    response = client.post(
        reverse("backoffice:assessment_scheme_new"),
        {"code": "ux-template", "name": "测试模板", "source_document": "某市政务公开考核细则"},
    )
    assert response.status_code == 302
    created = Scheme.objects.get(code="ux-template")
    assert created.authority is None and created.state == SchemeState.DRAFT


def test_the_criterion_form_names_the_schemes_peer_groups_beside_their_codes(region: Any) -> None:
    client = _client(region.supervisor)

    def form_of(code: str) -> str:
        draft = svc.copy_template(actor=region.supervisor, template=_template(code), authority=region.office)
        criterion = draft.criteria.order_by("position", "pk").first()
        assert criterion is not None
        page = client.get(reverse("backoffice:assessment_criterion_edit", args=[draft.pk, criterion.pk]))
        assert page.status_code == 200
        return page.content.decode()

    # the standard scheme's groups: government 人民政府, department 政府部门, …
    assert "本方案的分组：government（人民政府）、department（政府部门）" in form_of(shipped.STANDARD)
    # 陇川's has none
    assert "本方案未设参评分组，请留空（适用于所有参评单位）。" in form_of(shipped.LONGCHUAN)
