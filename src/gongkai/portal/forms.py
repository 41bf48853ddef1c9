"""The portal's GET forms: catalog class filters and the search form. Every control has a label."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gongkai.core.widgets import LongSelect
from gongkai.disclosure.legal import Validity
from gongkai.disclosure.models import CatalogColumn, Classification, ClassificationScheme
from gongkai.orgs.models import Organization
from gongkai.search.engine import SearchQuery


def _class_field(scheme: str, label: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Classification.objects.filter(scheme=scheme, is_active=True),
        required=False,
        empty_label=_("全部"),
        widget=LongSelect,
    )


class ClassFilterForm(forms.Form):
    """Browse the catalog by class (主题/体裁/服务对象分类)."""

    topic = _class_field(ClassificationScheme.TOPIC, _("主题分类"))
    genre = _class_field(ClassificationScheme.GENRE, _("体裁分类"))
    audience = _class_field(ClassificationScheme.AUDIENCE, _("服务对象分类"))

    def filters(self) -> dict[str, int | None]:
        data = self.cleaned_data if self.is_valid() else {}
        return {k: (data[k].pk if data.get(k) else None) for k in ("topic", "genre", "audience")}

    @property
    def active(self) -> bool:
        return any(self.filters().values())


ORDER_CHOICES = [
    ("relevance", _("按相关度")),
    ("date", _("按发布日期（新→旧）")),
    ("date_asc", _("按发布日期（旧→新）")),
]


class SearchForm(forms.Form):
    """检索 (2019 条例 第二十四条): words, then filters by body, column, classes, dates, number, validity."""

    q = forms.CharField(label=_("关键词"), required=False, max_length=200)
    body = forms.ModelChoiceField(
        label=_("发布机构"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("全部机构"),
        widget=LongSelect,
    )
    column = forms.ModelChoiceField(
        label=_("栏目"),
        queryset=CatalogColumn.objects.none(),
        required=False,
        empty_label=_("全部栏目"),
        widget=LongSelect,
    )
    topic = _class_field(ClassificationScheme.TOPIC, _("主题分类"))
    genre = _class_field(ClassificationScheme.GENRE, _("体裁分类"))
    audience = _class_field(ClassificationScheme.AUDIENCE, _("服务对象分类"))
    date_from = forms.DateField(
        label=_("发布日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("发布日期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    docno = forms.CharField(
        label=_("发文字号"),
        required=False,
        max_length=80,
        help_text=_("可只填开头部分，如“国办发〔2019〕”"),
    )
    validity = forms.MultipleChoiceField(
        label=_("有效性"), choices=Validity.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    order = forms.ChoiceField(label=_("排序"), choices=ORDER_CHOICES, required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        bodies: Any = None,
        columns: Any = None,
        fixed_body: Organization | None = None,
        bodies_version: Any = None,
    ) -> None:
        super().__init__(data)
        if fixed_body is not None:
            del self.fields["body"]
        else:
            field = self.fields["body"]
            field.queryset = bodies if bodies is not None else Organization.objects.active()  # type: ignore[attr-defined]
            # The options from (id, name) rows, not from a model instance per body (a province has a
            # thousand), read only when the widget has not kept them for ``bodies_version`` (what
            # the bodies' names and list depend on); the queryset still checks the body chosen.
            empty, rows = field.empty_label, field.queryset.values_list("pk", "name")  # type: ignore[attr-defined]
            field.widget.choices = lambda: [("", empty), *rows]  # type: ignore[attr-defined]
            if bodies_version is not None:
                field.widget.options_key = ("search-bodies", bodies_version, get_language())  # type: ignore[attr-defined]
        if columns is None:
            del self.fields["column"]
        else:
            self.fields["column"].queryset = columns  # type: ignore[attr-defined]
            self.fields["column"].label_from_instance = lambda c: c.label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data

    @property
    def has_criteria(self) -> bool:
        if not self.is_valid():
            return False
        d = self.cleaned_data
        return bool(
            d.get("q", "").strip()
            or d.get("body")
            or d.get("column")
            or d.get("topic")
            or d.get("genre")
            or d.get("audience")
            or d.get("date_from")
            or d.get("date_to")
            or d.get("docno", "").strip()
            or d.get("validity")
        )

    def to_query(self, *, page: int, page_size: int, fixed_body: Organization | None) -> SearchQuery:
        d = self.cleaned_data
        body = fixed_body or d.get("body")
        docno = d.get("docno", "").strip()
        return SearchQuery(
            text=d.get("q", "").strip(),
            org_ids=[body.pk] if body else [],
            column_ids=[d["column"].pk] if d.get("column") else [],
            topic_class_ids=[d["topic"].pk] if d.get("topic") else [],
            genre_class_ids=[d["genre"].pk] if d.get("genre") else [],
            audience_class_ids=[d["audience"].pk] if d.get("audience") else [],
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            doc_number=docno,
            doc_number_prefix=bool(docno),
            validity=d.get("validity") or [],
            order=d.get("order") or ("relevance" if d.get("q", "").strip() else "date"),
            page=page,
            page_size=page_size,
        )
