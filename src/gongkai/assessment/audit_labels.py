"""How the history (操作日志, ``audit.staff``) names the keys of the data the assessment's audit events
carry (``gongkai.audit.log.record`` in ``assessment.services``, ``bulletins`` and the survey
services): ``self_total_before`` → 重新计算前自评总分. The actions' own labels are beside their services
(``AUDIT_LABELS``); these are registered for the action prefixes of the app (``assessment.`` and the
民主评议's ``survey.``) through ``core.registry.register_audit_data_labels``, and are lazy, so the
English back office reads them in English.

A list of keys in the data (the fields a scheme edit ``changed``) is shown through the same labels;
the codes some keys hold (an objection's ``outcome``, a 通报's ``kind``) by their models' labels.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.assessment.models import BulletinKind, ObjectionOutcome, OverrunPolicy
from gongkai.core.registry import register_audit_data_labels

#: The keys of the data of ``assessment.*`` events (the fields named in their lists included).
DATA_LABELS = {
    # 通报
    "kind": _("类别"),
    "number": _("文号"),
    "title": _("标题"),
    "round": _("考核"),
    "bulletin": _("通报"),
    "replaced_by": _("替代通报文号"),
    # schemes and criteria
    "code": _("代码"),
    "name": _("名称"),
    "template": _("模板"),
    "version": _("版本"),
    "from": pgettext_lazy("audit data", "原"),
    "to": pgettext_lazy("audit data", "新"),
    "changed": _("变更"),
    "new": _("新增"),
    "retired": _("停用的版本"),
    "criterion": _("指标"),
    "source_document": _("依据文件"),
    "source_note": _("依据说明"),
    "config": _("计分配置"),
    "max_points": _("分值"),
    "parent": _("上级指标"),
    "groups": _("适用分组"),
    "rules": _("计分规则"),
    "position": _("排序"),
    "guidance": _("评分说明"),
    "evidence_required": _("须上传佐证材料"),
    # rounds
    "period": _("期间"),
    "scheme": _("考核方案"),
    "bodies": _("单位数"),
    "body": _("单位"),
    "before": _("调整前"),
    "after": _("调整后"),
    "self_total_before": _("重新计算前自评总分"),
    "self_total": _("自评总分"),
    "file": _("文件"),
    "not_submitted": _("未提交自查报告的单位数"),
    "total": _("总分"),
    "changes": _("调整"),
    "change": _("调整"),
    "objection_due": _("申辩截止日"),
    "outcome": _("处理结果"),
    # 预警与通报批评
    "authority": _("主管部门"),
    "counts": _("超期件数"),
    "threshold": _("通报批评阈值"),
    "remind_at": _("提醒阈值"),
    "kinds": _("超期事项"),
    # the kinds of overrun (``overruns.KINDS``), as keys of ``counts`` and items of ``kinds``
    "items_late": _("超过20个工作日公开的信息"),
    "requests_overdue": _("超期答复的依申请公开"),
    "messages_overdue": _("超期未答复的留言"),
}

#: The codes some keys of ``assessment.*`` events hold.
DATA_VALUES = {
    "outcome": dict(ObjectionOutcome.choices),
    "kind": dict(BulletinKind.choices),
    "period": dict(OverrunPolicy._meta.get_field("period").flatchoices),
}

#: The keys of the data of the 民主评议's ``survey.*`` events.
SURVEY_DATA_LABELS = {
    "year": _("年度"),
    "bodies": _("被评议单位数"),
    "questions": _("题目数"),
    "panel": _("评议群体"),
    "weight": _("权重"),
    "count": _("评议码数量"),
    "responses": _("答卷数"),
    "answers": _("作答题数"),
}


def register() -> None:
    register_audit_data_labels("assessment.", DATA_LABELS, DATA_VALUES)
    register_audit_data_labels("survey.", SURVEY_DATA_LABELS)
