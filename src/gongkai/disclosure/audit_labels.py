"""How the history shows the audit actions active disclosure records (``gongkai.audit.log.record``
in ``disclosure.services``). Registered from ``DisclosureConfig.ready()``
(``core.registry.register_audit_labels``); the history reads them with ``core.registry.audit_label``."""

from __future__ import annotations

from gongkai.core.registry import register_audit_labels

LABELS = {
    "item.created": "起草",
    "item.updated": "修改",
    "item.attachment_added": "上传附件",
    "item.attachment_removed": "删除附件",
    "item.attachment_replaced": "替换附件",
    "item.submitted": "送审",
    "item.finding_decided": "处理扫描结果",
    "item.finding_masked": "遮盖扫描结果",
    "item.review_pass": "保密审查通过",
    "item.review_return": "保密审查退回",
    "item.review_refer": "呈报上级审定",
    "item.returned": "退回",
    "item.signed": "签发",
    "item.published": "发布",
    "item.exemption_filed": "不予公开备案",
    "item.withdrawn": "撤回",
    "item.corrected": "更正",
    "item.linked": "添加关联",
    "item.unlinked": "删除关联",
    "item.import_held_for_review": "导入后待保密审查",
    "items.imported": "批量导入信息",
    "attachments.reread": "重新读取附件文字",
    "filing.acknowledged": "主管部门确认备案",
    "catalog.template_applied": "按模板生成目录",
    "catalog.column_added": "添加栏目",
    "catalog.column_renamed": "栏目更名",
    "catalog.column_hidden": "隐藏栏目",
    "catalog.column_shown": "恢复显示栏目",
    "catalog.column_moved": "调整栏目顺序",
    "catalog.column_update_class": "设置栏目更新类别",
}


def register() -> None:
    register_audit_labels(LABELS)
