"""How the history shows the audit actions of disclosure on request (``gongkai.audit.log.record``
in ``foi.services`` and the request screens). Registered from ``FoiConfig.ready()``
(``core.registry.register_audit_labels``); the page of a request reads them with
``core.registry.audit_label``."""

from __future__ import annotations

from gongkai.core.registry import register_audit_labels

LABELS = {
    "request.submitted_online": "网上提交申请",
    "request.registered": "登记申请",
    "request.assigned": "分办",
    "request.draft_submitted": "提交拟答复（送公开办审核）",
    "request.draft_approved": "审核通过拟答复",
    "request.draft_returned": "退回拟答复",
    "request.correction_requested": "告知补正",
    "request.correction_received": "收到补正",
    "request.correction_submitted_online": "申请人网上提交补正",
    "request.closed": "终止办理",
    "request.consultation_sent": "征求意见",
    "request.consultation_answered": "登记意见",
    "request.extended": "延期答复",
    "request.answered": "答复",
    "request.reminded": "催办",
    "request.duplicate_linked": "关联重复申请",
    "request.appeal_recorded": "登记行政复议/行政诉讼",
    "request.appeal_decided": "登记复议/诉讼结果",
    "request.fee_notice_issued": "发出收费通知",
    "request.fee_paid": "登记缴费",
    "request.fee_lapsed": "逾期未缴费",
    "request.personal_data_viewed": "查阅申请人信息",
    "request.personal_data_listed": "在登记簿中查阅申请人信息",
    "request.code_reissued": "重新生成查询码",
    "request.settings_updated": "修改依申请公开办理设置",
    "requests.exported": "导出登记簿",
    "requests.imported": "导入登记簿",
    "letter.issued": "出具文书",
    "letter.delivered": "登记送达",
    "calendar.requests_recomputed": "工作日历变更后重新计算答复期限",
}


def register() -> None:
    register_audit_labels(LABELS)
