"""The demo's showcase items in 市教育局, driven through the real workflow services.

Every workflow state is present — drafts (one near the 20-working-day limit, one past it), items in
secrecy review (one whose attachment carries a resident ID number, so the reviewer sees a finding),
in sign-off (one region-wide item waiting for the head's second signature), referred up to the
competent authority (呈报上级主管部门审定), returned with reasons,
published, withdrawn, corrected (revision 2 with a note), 依申请公开, 不予公开 (filed with the
competent authority, with legal reasons), internal scope — with attachments, a cross-listing, a
政策解读 linked to its policy and a policy replacing an older one. Because they go through the
services, their audit events, revisions, filings and 索引号 are exactly what real use produces.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from gongkai.core.samplefiles import make_docx, make_pdf, make_xlsx
from gongkai.disclosure.demo.textbank import DemoItemGenerator, body_html
from gongkai.disclosure.models import CatalogColumn, Classification, Item, ItemState, LinkKind
from gongkai.disclosure.services import workflow
from gongkai.orgs.models import Organization
from gongkai.secrecy.scanner import resident_id_check_char

#: Titles of the ordinary published items (市教育局's own recent work).
PUBLISHED_TITLES = (
    ("宿州市教育局关于做好2026年义务教育阶段招生入学工作的通知", "义务教育", "通知"),
    ("宿州市教育局2026年部门预算公开", "预算", "其他"),
    ("宿州市教育局2025年部门决算公开", "预算", "其他"),
    ("宿州市教育局关于2026年秋季学期中小学生学生资助政策的公告", "义务教育", "公告"),
    ("宿州市教育局2026年政务公开工作要点", "政务公开", "其他"),
    ("宿州市教育局2025年政府信息公开工作年度报告", "政务公开", "报告"),
    ("宿州市教育局关于开展校园食品安全专项检查的通知", "食品", "通知"),
    ("宿州市教育局关于公布2026年市级示范幼儿园名单的通知", "义务教育", "通知"),
    ("宿州市教育局关于进一步规范校外培训机构管理的意见", "义务教育", "意见"),
    ("宿州市教育局2026年公开招聘中小学教师公告", "人事", "公告"),
    ("宿州市教育局2026年公开招聘中小学教师拟聘用人员名单", "人事", "公告"),
    ("宿州市教育局关于做好2026年防汛防台风工作的通知", "应急", "通知"),
    ("宿州市教育局行政许可事项清单（2026年版）", "执法", "其他"),
    ("宿州市教育局关于双随机一公开抽查结果的公告", "执法", "公告"),
    ("宿州市教育局2026年政府采购意向公开", "采购", "其他"),
    ("宿州市教育局关于学校安全隐患排查整治情况的通报", "安全", "通报"),
    ("宿州市教育局机构职能和领导分工", "机构", "其他"),
    ("宿州市教育局2026年第三季度重点工作进展情况", "政务公开", "报告"),
    ("宿州市教育局关于推进县域义务教育优质均衡发展的实施意见", "义务教育", "意见"),
    ("宿州市教育局关于做好家庭经济困难学生认定工作的通知", "义务教育", "通知"),
    ("宿州市教育局关于印发《宿州市中小学校园欺凌防治工作方案》的通知", "义务教育", "通知"),
    ("宿州市教育局关于2026年度教育收费项目及标准的公示", "收费", "公告"),
    ("宿州市教育局关于营养改善计划资金分配情况的公告", "预算", "公告"),
    ("宿州市教育局关于举办2026年全市中小学生运动会的通知", "义务教育", "通知"),
)

_COLUMN_HINTS = {
    "义务教育": ("义务教育招生入学", "教育政策措施"),
    "预算": ("财政预算、决算",),
    "政务公开": ("法律、法规、规章和国家有关规定",),
    "人事": ("公务员招考",),
    "应急": ("突发公共事件",),
    "执法": ("行政许可",),
    "采购": ("政府集中采购",),
    "安全": ("环境保护、公共卫生、安全生产",),
    "食品": ("环境保护、公共卫生、安全生产",),
    "机构": ("机关职能",),
    "收费": ("行政事业性收费",),
    "政策": ("行政法规、规章和规范性文件",),
}


class _Showcase:
    def __init__(self, region: Any, department: str, seed: int) -> None:
        self.region = region
        self.rnd = random.Random(seed * 17 + 3)
        self.org: Organization = region.bodies[department]
        self.u = region.users
        self.today = timezone.localdate()
        self.columns = list(CatalogColumn.objects.filter(organization=self.org, is_hidden=False))
        self.genres = {c.name: c for c in Classification.objects.filter(scheme="genre")}
        self.topic_edu = Classification.objects.filter(scheme="topic", name="科技、教育").first()
        self.generator = DemoItemGenerator(
            seed=seed, bodies=[(self.org.name, "宿州市", "宿教")], last_day=self.today
        )
        self.counter = 0
        self.doc_serial = 40

    # -- helpers ---------------------------------------------------------------------------------

    def column(self, hint: str) -> CatalogColumn:
        for prefix in _COLUMN_HINTS.get(hint, ()):
            for c in self.columns:
                if c.name.startswith(prefix):
                    return c
        return next(c for c in self.columns if c.name.startswith("法律、法规、规章和国家有关规定"))

    def fields(self, title: str, hint: str, genre: str = "通知", **overrides: Any) -> dict[str, Any]:
        self.counter += 1
        generated = self.generator.item(5_000_000 + self.counter)
        body, _ = body_html(generated.body)
        numbered = genre in ("通知", "意见", "通报", "决定")
        if numbered:
            self.doc_serial += 1
        fields: dict[str, Any] = {
            "title": title,
            "document_number": f"宿教〔{self.today.year}〕{self.doc_serial}号" if numbered else "",
            "date_formed": self.today - dt.timedelta(days=self.rnd.randint(1, 9)),
            "column": self.column(hint),
            "topic": self.topic_edu,
            "genre": self.genres.get(genre),
            "keywords": " ".join(generated.keywords),
            "summary": f"{title}。",
            "body": body,
            "disclosure_attribute": "active",
            "scope": "public",
            "duration": "long_term",
            "validity": "valid",
            "stage": "result",
            "channels": ["website"],
        }
        fields.update(overrides)
        return fields

    def draft(self, title: str, hint: str, genre: str = "通知", **overrides: Any) -> Item:
        return workflow.create_item(
            actor=self.u["editor"], organization=self.org, fields=self.fields(title, hint, genre, **overrides)
        )

    def to_review(self, item: Item) -> Item:
        return workflow.submit_item(actor=self.u["editor"], item=item)

    def to_signoff(self, item: Item) -> Item:
        self.to_review(item)
        for finding in workflow.scan_item(item):
            if finding.blocks:
                workflow.decide_finding(
                    actor=self.u["reviewer"],
                    item=item,
                    fingerprint=finding.fingerprint,
                    decision="not_secret",
                    note="经审查不涉及国家秘密和个人隐私，可以公开。",
                )
        workflow.review_item(actor=self.u["reviewer"], item=item, conclusion="pass", opinion="同意公开。")
        return item

    def publish(self, item: Item) -> Item:
        self.to_signoff(item)
        workflow.sign_item(actor=self.u["signer"], item=item, opinion="同意发布。")
        if item.state == ItemState.SIGNOFF:
            workflow.sign_item(actor=self.u["signer2"], item=item, opinion="同意。")
        return item

    def attach(self, item: Item, data: bytes, filename: str) -> None:
        workflow.add_attachment(actor=self.u["editor"], item=item, data=data, filename=filename)

    # -- the showcase ----------------------------------------------------------------------------

    def build(self) -> int:
        before = Item.objects.filter(organization=self.org).count()
        policy_old = self.publish(
            self.draft(
                "宿州市教育局关于印发《宿州市中小学生学籍管理实施细则》的通知",
                "政策",
                is_normative=True,
                effective_from=self.today,
                channels=["website", "gazette"],
            )
        )
        for title, hint, genre in PUBLISHED_TITLES:
            item = self.draft(title, hint, genre)
            if "学生资助政策" in title:
                # The scan flags a keyword; the reviewer decides it is harmless (a decided finding).
                note = "<p>涉及学生个人隐私等不宜公开的信息已按规定删除。</p>"
                workflow.update_item(actor=self.u["editor"], item=item, fields={"body": item.body + note})
            if "预算" in title or "决算" in title:
                self.attach(item, self.budget_xlsx(title), f"{title}.xlsx")
                self.attach(item, self.budget_pdf(title), f"{title}说明.pdf")
            if "招生入学" in title:
                other = next((c for c in self.columns if c.name.startswith("教育政策措施")), None)
                if other is not None and other.pk != item.column_id:
                    workflow.set_cross_listing(actor=self.u["editor"], item=item, columns=[other])
            self.publish(item)

        # A policy that concerns the whole city: two signatures (分管领导, then 主要负责人).
        policy = self.publish(
            self.draft(
                "宿州市教育局关于印发《宿州市中小学生学籍管理办法》的通知",
                "政策",
                is_normative=True,
                is_region_wide=True,
                effective_from=self.today,
                channels=["website", "gazette", "new_media"],
            )
        )
        workflow.link_items(actor=self.u["editor"], source=policy, target=policy_old, kind=LinkKind.REPLACES)
        workflow.correct_item(
            actor=self.u["editor"],
            item=policy_old,
            fields={"validity": "expired", "validity_changed_on": self.today},
            note=f"本文件已被《宿州市中小学生学籍管理办法》（{policy.document_number}）替代，自{_zh(self.today)}起失效。",
        )
        reading = self.draft("《宿州市中小学生学籍管理办法》政策解读", "义务教育", "其他")
        self.publish(reading)
        workflow.link_items(actor=self.u["editor"], source=reading, target=policy, kind=LinkKind.INTERPRETS)

        corrected = self.publish(
            self.draft("宿州市教育局关于公布2026年义务教育学校划片范围的公告", "义务教育", "公告")
        )
        workflow.correct_item(
            actor=self.u["editor"],
            item=corrected,
            fields={"summary": "公布市区义务教育学校2026年划片范围（更正第三小学片区边界）。"},
            note="原公告中第三小学划片范围的东侧边界有误，现予更正。",
        )
        for title, reason in (
            ("宿州市教育局关于2025年度民办学校年检结果的公告", "该公告所列学校名单有误，已撤回核实。"),
            ("宿州市教育局关于暂停部分考点考试安排的通知", "考试安排已恢复，原通知不再适用。"),
        ):
            item = self.publish(self.draft(title, "义务教育", "公告"))
            workflow.withdraw_item(actor=self.u["signer"], item=item, reason=reason)

        # 依申请公开 and 不予公开 are decided at drafting (可否公开): registered, never public.
        for title in (
            "宿州市教育局关于学校布局调整可行性研究报告",
            "宿州市教育局2025年度教育督导检查底稿汇总",
        ):
            self.publish(self.draft(title, "义务教育", "报告", disclosure_attribute="on_request"))
        for title, reason, explanation in (
            ("宿州市教育局党组会议纪要（2026年第9次）", "internal_affairs", "属于内部事务信息（会议纪要）。"),
            (
                "关于某民办学校举办者财务状况的调查报告",
                "third_party",
                "涉及第三方商业秘密，第三方不同意公开。",
            ),
            ("宿州市教育局关于学校布局调整的讨论意见（过程稿）", "process_info", "属于讨论中的过程性信息。"),
        ):
            self.publish(
                self.draft(
                    title,
                    "义务教育",
                    "纪要" if "纪要" in title else "报告",
                    disclosure_attribute="exempt",
                    exemption_reason=reason,
                    exemption_explanation=explanation,
                )
            )
        for title in ("宿州市教育系统2026年干部教育培训计划", "宿州市教育局机关内部管理制度汇编"):
            self.publish(self.draft(title, "政务公开", "其他", scope="internal"))
        self.publish(
            self.draft(
                "宿州市教育局关于2026年教师资格认定结果的公示",
                "人事",
                "公告",
                duration="limited",
                public_until=self.today + dt.timedelta(days=10),
            )
        )

        # Work in progress.
        self.draft("宿州市教育局关于开展2026年冬季校园安全大检查的通知", "安全")
        self.draft(
            "宿州市教育局关于做好2026年秋季学期教材发放工作的通知",
            "义务教育",
            date_formed=self.today - dt.timedelta(days=26),  # close to the 20-working-day limit
        )
        self.draft(
            "宿州市教育局关于2026年第三季度教育经费执行情况的报告",
            "预算",
            "报告",
            date_formed=self.today - dt.timedelta(days=40),  # past the limit of 第二十六条
        )
        self.to_review(self.draft("宿州市教育局关于调整中小学作息时间的通知", "义务教育"))
        finding = self.draft("宿州市教育局关于2026年家庭经济困难学生资助名单的公示", "义务教育", "公告")
        self.attach(finding, self.aid_list_docx(), "资助名单.docx")
        self.to_review(finding)
        self.to_review(
            self.draft(
                "宿州市教育局关于校车安全管理情况的报告",
                "安全",
                "报告",
                body="<p>本报告为内部讨论稿，数据未经审定，请审查后再定是否公开。</p>",
            )
        )
        self.to_signoff(self.draft("宿州市教育局关于表彰2026年度优秀教师的决定", "人事", "决定"))
        waiting = self.draft(
            "宿州市教育局关于全面推行中小学课后服务的实施意见", "义务教育", "意见", is_region_wide=True
        )
        self.to_signoff(waiting)
        workflow.sign_item(actor=self.u["signer"], item=waiting, opinion="同意，请局长签发。")
        returned = self.draft("宿州市教育局关于开展“书香校园”读书活动的通知", "义务教育")
        self.to_review(returned)
        workflow.review_item(
            actor=self.u["reviewer"],
            item=returned,
            conclusion="return",
            opinion="正文中活动经费数额与预算不一致，请核实后重新送审。",
        )
        returned2 = self.draft("宿州市教育局关于2026年中小学生体质健康测试结果的通报", "义务教育", "通报")
        self.to_signoff(returned2)
        workflow.return_item(
            actor=self.u["signer"], item=returned2, reason="请补充各县区测试合格率对比表后再报签发。"
        )
        # Referred up (呈报上级主管部门审定): the reviewer cannot decide whether it may be published and
        # asks the competent authority (the city's 政务公开办公室, where the supervisor works).
        referred = self.draft("宿州市教育局关于全市中小学校舍安全鉴定结果的通报", "安全", "通报")
        self.to_review(referred)
        workflow.review_item(
            actor=self.u["reviewer"],
            item=referred,
            conclusion="refer",
            opinion="通报列明了鉴定为C级、D级危房的学校名称，公开后是否影响社会稳定，本局难以确定，"
            "呈报市政务公开办公室审定。",
        )
        return Item.objects.filter(organization=self.org).count() - before

    # -- attachments -----------------------------------------------------------------------------

    def budget_xlsx(self, title: str) -> bytes:
        rows = [
            ("一般公共预算拨款收入", round(self.rnd.uniform(8000, 15000), 2)),
            ("政府性基金预算拨款收入", round(self.rnd.uniform(100, 900), 2)),
            ("事业收入", round(self.rnd.uniform(500, 3000), 2)),
            ("其他收入", round(self.rnd.uniform(10, 200), 2)),
        ]
        return make_xlsx(
            "收支总表", ["项目", "金额（万元）"], [*rows, ("合计", round(sum(r[1] for r in rows), 2))]
        )

    def budget_pdf(self, title: str) -> bytes:
        return make_pdf(
            [
                title,
                "一、部门主要职责：统筹管理全市各级各类教育。",
                "二、收支预算说明：收入和支出预算均按规定编制。",
                "三、“三公”经费预算：因公出国（境）费0万元。",
                "联系电话：0557-3010274",
            ],
            title=title,
        )

    def aid_list_docx(self) -> bytes:
        first17 = "34130220100315" + f"{self.rnd.randint(100, 999)}"
        id_number = first17 + resident_id_check_char(first17)
        return make_docx(
            "2026年家庭经济困难学生资助名单",
            [
                "经学校评议、公示，以下学生拟确定为2026年家庭经济困难学生资助对象。",
                "序号1  张某某  埇桥区第一小学  一档",
                f"序号2  李某某  身份证号 {id_number}  宿州市第二中学  二档",
                "序号3  王某某  砀山县实验小学  一档",
            ],
        )


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def build_showcase(region: Any, *, department: str, seed: int) -> int:
    """Create the showcase items in the body ``department`` (a slug of ``region.bodies``, where the
    demo accounts of ``region.users`` hold their roles); returns how many were created."""
    return _Showcase(region, department, seed).build()
