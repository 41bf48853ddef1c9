"""Request and response shapes of the public API (they are also the OpenAPI description).

Every field here is something the public may see on the portal. Nothing about the people who
drafted, reviewed or signed an item, nor any workflow state, has a place in these schemas: a field
that is not declared cannot leak through the response validation.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

ValidityCode = Literal["valid", "expired", "abolished"]

# ---------------------------------------------------------------------------------------- errors


class FieldError(Schema):
    field: str = Field(description="出错的参数名 / parameter name")
    message: str = Field(description="中文说明 / explanation in Chinese")


class ErrorOut(Schema):
    detail: str = Field(description="中文错误说明 / error message in Chinese")
    errors: list[FieldError] = Field(default_factory=list)


# ------------------------------------------------------------------------------------ query params


class PageParams(Schema):
    page: int = Field(1, ge=1, le=10_000, description="页码，从 1 开始 / page number")
    page_size: int = Field(20, ge=1, le=100, description="每页条数，最多 100 / items per page (max 100)")


class OrganizationFilters(Schema):
    page: int = Field(1, ge=1, le=10_000, description="页码 / page number")
    page_size: int = Field(100, ge=1, le=100, description="每页条数，最多 100 / items per page (max 100)")
    parent: str | None = Field(
        None, max_length=60, description="上级机构（网址标识或编号）/ parent body (slug or id)"
    )
    level: str | None = Field(None, max_length=20, description="层级代码 / level code")
    kind: str | None = Field(None, max_length=30, description="类别代码 / kind code")


class CatalogFilters(Schema):
    """Filters shared by the catalog listing and search (docs/SPEC.md §3)."""

    organization: str | None = Field(
        None, max_length=60, description="发布机构（网址标识或编号）/ publishing body (slug or id)"
    )
    include_subordinates: bool = Field(
        False, description="同时包含下级机构 / also items of the bodies below it"
    )
    column: int | None = Field(
        None, ge=1, description="栏目编号（含下级栏目和同时列入）/ column id (with sub-columns)"
    )
    topic: str | None = Field(None, max_length=20, description="主题分类代码 / topic class code")
    genre: str | None = Field(None, max_length=20, description="体裁分类代码 / genre class code")
    audience: str | None = Field(None, max_length=20, description="服务对象分类代码 / audience class code")
    validity: ValidityCode | None = Field(None, description="有效性 / validity")
    published_from: dt.date | None = Field(None, description="发布日期起（含）/ published on or after")
    published_to: dt.date | None = Field(None, description="发布日期止（含）/ published on or before")
    document_number: str | None = Field(None, max_length=80, description="发文字号 / document number")


class ItemFilters(CatalogFilters, PageParams):
    combined: str | None = Field(None, max_length=20, description="组配分类代码 / combined class code")


class SearchParams(CatalogFilters):
    q: str = Field(..., min_length=1, max_length=100, description="检索词 / search words")
    order: Literal["relevance", "date"] = Field(
        "relevance", description="排序：相关度或发布日期 / relevance or date"
    )
    page: int = Field(1, ge=1, le=500, description="页码 / page number")
    page_size: int = Field(20, ge=1, le=50, description="每页条数，最多 50 / items per page (max 50)")


# ---------------------------------------------------------------------------------- organizations


class OrganizationRef(Schema):
    id: int
    slug: str
    name: str


class OrganizationOut(Schema):
    id: int
    slug: str
    name: str = Field(description="机构名称")
    short_name: str = Field(description="简称")
    unit_code: str = Field(description="统一社会信用代码或组织机构代码")
    level: str
    level_label: str = Field(description="层级")
    kind: str
    kind_label: str = Field(description="类别")
    parent_id: int | None = Field(description="上级机构编号 / parent body id")
    is_competent_authority: bool = Field(description="政府信息公开工作主管部门")
    functions: str = Field(description="机构职能")
    address: str = Field(description="办公地址")
    postcode: str = Field(description="邮政编码")
    office_hours: str = Field(description="办公时间")
    phone: str = Field(description="联系电话")
    fax: str = Field(description="传真")
    email: str = Field(description="电子邮箱")
    website: str = Field(description="网址")
    disclosure_office: str = Field(description="政府信息公开工作机构")
    disclosure_office_head: str = Field(description="公开工作机构负责人（指南公示）")
    reading_room: str = Field(description="政府信息查阅场所")


class ColumnOut(Schema):
    id: int
    code: str
    name: str = Field(description="栏目名称")
    description: str
    standard: dict[str, str] = Field(description="标准目录要素（公开依据、公开时限等）")
    children: list[ColumnOut]


class OrganizationDetailOut(OrganizationOut):
    columns: list[ColumnOut] = Field(description="目录栏目树（不含隐藏栏目）/ catalog column tree")


class OrganizationPage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None
    results: list[OrganizationOut]


# ------------------------------------------------------------------------------------------ items


class ColumnRef(Schema):
    id: int
    name: str


class ClassRef(Schema):
    code: str
    name: str


class ItemClasses(Schema):
    topic: ClassRef | None = Field(description="主题分类")
    genre: ClassRef | None = Field(description="体裁分类")
    audience: ClassRef | None = Field(description="服务对象分类")
    combined: ClassRef | None = Field(description="组配分类")


class ItemOut(Schema):
    id: int
    index_number: str = Field(description="索引号")
    title: str = Field(description="信息名称")
    document_number: str = Field(description="发文字号")
    organization: OrganizationRef = Field(description="发布机构")
    column: ColumnRef = Field(description="栏目")
    date_formed: dt.date = Field(description="成文日期")
    published_at: dt.datetime = Field(description="发布日期（时间）")
    published_date: dt.date = Field(description="发布日期")
    summary: str = Field(description="内容概述")
    validity: ValidityCode
    validity_label: str = Field(description="有效性")
    classes: ItemClasses
    url: str = Field(description="门户页面地址 / portal page URL")


class CodeLabel(Schema):
    code: str
    label: str


class AttachmentOut(Schema):
    name: str = Field(description="文件名")
    kind: str = Field(description="格式，如 pdf、docx")
    content_type: str
    size: int = Field(description="字节数 / bytes")
    url: str = Field(description="下载地址 / download URL")


class LinkedItemOut(Schema):
    kind: Literal["interprets", "replaces", "abolishes"]
    direction: Literal["outgoing", "incoming"]
    label: str = Field(description="关联说明，如“政策解读”")
    id: int
    index_number: str
    title: str
    url: str


class CorrectionOut(Schema):
    note: str = Field(description="更正说明")
    corrected_at: dt.datetime = Field(description="更正日期")


class ItemDetailOut(ItemOut):
    keywords: str = Field(description="主题词")
    also_in: list[ColumnRef] = Field(description="同时列入栏目")
    disclosure_attribute: CodeLabel = Field(description="公开方式")
    scope: CodeLabel = Field(description="公开范围")
    duration: CodeLabel = Field(description="公开时限")
    public_until: dt.date | None = Field(description="限时公开截止日期")
    effective_from: dt.date | None = Field(description="生效日期")
    validity_changed_on: dt.date | None = Field(description="失效/废止日期")
    stage: CodeLabel | None = Field(description="五公开")
    channels: list[CodeLabel] = Field(description="载体")
    body_html: str = Field(description="正文（已净化的 HTML）")
    attachments: list[AttachmentOut] = Field(description="附件")
    links: list[LinkedItemOut] = Field(description="关联信息（仅公开信息）")
    correction: CorrectionOut | None = Field(description="更正说明（如有）")


class ItemPage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None
    results: list[ItemOut]


class SearchHitOut(ItemOut):
    title_html: str = Field(description="高亮的标题（HTML，已转义，<mark> 标记）")
    snippet_html: str = Field(description="高亮的摘要片段（HTML，已转义，<mark> 标记）")
    score: float = Field(description="相关度 / relevance score")


class SearchPageOut(Schema):
    q: str
    words: list[str] = Field(description="分词结果 / the words searched for")
    available: bool = Field(description="检索索引是否可用 / whether the index is available")
    total: int
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None
    results: list[SearchHitOut]


# -------------------------------------------------------------------------------- classifications


class ClassificationSchemeOut(Schema):
    scheme: str
    name: str = Field(description="分类体系名称")
    classes: list[ClassRef]


ColumnOut.model_rebuild()
