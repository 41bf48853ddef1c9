"""Forms of the submissions screens (信息报送, docs/SPEC.md §8). The services validate again; these
forms turn what the author typed into what the services take."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.backoffice.richtext import RichTextWidget
from gongkai.govinfo import policy
from gongkai.govinfo.models import Carrier, Commission, Kind, Submission, TimeClass, Urgency
from gongkai.govinfo.services import submissions as services
from gongkai.orgs.models import Organization, RoleName
from gongkai.orgs.selectors import staff_of

#: At most this many authors on one submission.
MAX_AUTHORS = 10


class CarrierSelect(forms.Select):
    """The carrier select, each option carrying its limit for ``static/govinfo/length.js``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.carriers: dict[str, Carrier] = {}

    def create_option(
        self,
        name: str,
        value: Any,
        label: int | str,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        carrier = self.carriers.get(str(getattr(value, "value", value)))
        if carrier is not None:
            option["attrs"].update(
                {
                    "data-limit": carrier.limit,
                    "data-limit-kind": carrier.limit_kind,
                    "data-tolerance": carrier.tolerance_percent,
                    "data-name": carrier.name,
                }
            )
        return option


def parse_authors(raw: str) -> list[tuple[str, Decimal | None]]:
    """One author a line: "姓名" or "姓名 0.5" (a space, comma or colon before the share)."""
    out: list[tuple[str, Decimal | None]] = []
    for n, line in enumerate((raw or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        m = re.fullmatch(r"(.+?)[\s,，:：]+([0-9]*\.?[0-9]+)", line)
        if m:
            try:
                out.append((m.group(1).strip(), Decimal(m.group(2))))
            except InvalidOperation:
                raise ValidationError(gettext("第%(n)s行的份额不是有效的数字。") % {"n": n}) from None
        else:
            out.append((line, None))
    if len(out) > MAX_AUTHORS:
        raise ValidationError(gettext("作者最多%(max_authors)s位。") % {"max_authors": MAX_AUTHORS})
    return out


class SubmissionForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("报送单位"), queryset=Organization.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    carrier = forms.ModelChoiceField(
        label=_("目标载体"),
        queryset=Carrier.objects.none(),
        required=False,
        empty_label=_("（不指定）"),
        widget=CarrierSelect(attrs={"data-length-carrier": ""}),
        help_text=_("选择载体后，字数随输入实时统计；送签时服务器按同一规则再次统计。"),
    )
    body = forms.CharField(
        label=_("正文"),
        required=False,
        widget=RichTextWidget(attrs={"data-length-body": ""}),
    )
    kind = forms.ChoiceField(label=_("信息类别"), choices=Kind.choices, initial=Kind.DYNAMIC)
    time_class = forms.ChoiceField(label=_("时效"), choices=TimeClass.choices, initial=TimeClass.DAY)
    urgency = forms.ChoiceField(
        label=_("紧急程度"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        help_text=_("紧急、重大信息须经主要负责人签发。"),
    )
    is_region_wide = forms.BooleanField(
        label=_("全区（市）性信息"), required=False, help_text=_("全区（市）性信息须经主要负责人签发。")
    )
    commission = forms.ModelChoiceField(
        label=_("所答约稿"), queryset=Commission.objects.none(), required=False, empty_label=_("（无）")
    )
    authors = forms.CharField(
        label=_("作者及份额"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一位作者：“姓名 份额”，如“张三 0.6”。只有一位作者时可不填份额；各份额合计应为1。"),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("联合报送单位"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = forms.FileField(
        label=_("附件或照片"),
        required=False,
        help_text=_("可上传文档或照片（PNG、JPG），按文件内容检查格式。"),
    )

    def __init__(self, *args: Any, user: Any, submission: Submission | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.submission = submission
        carriers = Carrier.objects.filter(is_active=True).order_by("position", "pk")
        self._choices("carrier").queryset = carriers
        widget = self.fields["carrier"].widget
        assert isinstance(widget, CarrierSelect)
        widget.carriers = {str(c.pk): c for c in carriers}
        unit: Organization | None
        if submission is not None:
            del self.fields["organization"]
            unit = submission.organization
        else:
            units = policy.writing_units(user).filter(is_active=True).order_by("path")
            self._choices("organization").queryset = units
            unit = units.first()
            chosen = str(self.data.get("organization") or "") if self.is_bound else ""
            if chosen.isdigit():
                unit = units.filter(pk=int(chosen)).first() or unit
        self.unit = unit
        if unit is not None:
            wanted = Q(pk__in=services.open_commissions(unit).values("pk"))
            if submission is not None and submission.commission_id:
                wanted |= Q(pk=submission.commission_id)
            self._choices("commission").queryset = Commission.objects.filter(wanted).order_by(
                "-issued_at", "pk"
            )
            self._choices("partners").queryset = services.partner_choices(unit)
        partners = self._choices("partners").queryset
        if partners is None or not partners.exists():
            del self.fields["partners"]

    def _choices(self, name: str) -> forms.ModelChoiceField[Any]:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def clean_authors(self) -> list[services.AuthorSpec]:
        lines = parse_authors(self.cleaned_data.get("authors", ""))
        if not lines:
            return []
        if len(lines) == 1 and lines[0][1] is None:
            lines = [(lines[0][0], Decimal(1))]
        missing = [name for name, share in lines if share is None]
        if missing:
            raise ValidationError(
                gettext("有多位作者时须为每位作者填写份额（%(missing)s未填）。")
                % {"missing": "、".join(missing)}
            )
        people = {}
        if self.unit is not None:
            people = {u.display_name: u for u in staff_of(self.unit, RoleName.INFO_OFFICER)}
        specs = [services.AuthorSpec(name=n, share=s or Decimal(0), user=people.get(n)) for n, s in lines]
        services.validate_shares(specs)
        return specs


def authors_text(submission: Submission) -> str:
    return "\n".join(f"{a.name} {a.share.normalize():f}" for a in submission.authors.all())


def initial_of(submission: Submission) -> dict[str, Any]:
    return {
        "title": submission.title,
        "body": submission.body,
        "kind": submission.kind,
        "time_class": submission.time_class,
        "urgency": submission.urgency,
        "is_region_wide": submission.is_region_wide,
        "carrier": submission.carrier_id,
        "commission": submission.commission_id,
        "authors": authors_text(submission),
        "partners": list(
            submission.credits.exclude(organization_id=submission.organization_id).values_list(
                "organization_id", flat=True
            )
        ),
    }


class SignForm(forms.Form):
    opinion = forms.CharField(label=_("签发意见"), max_length=200, required=False)
    step = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=99)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=500, required=False)
