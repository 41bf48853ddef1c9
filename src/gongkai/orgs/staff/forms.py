"""Forms of the organization screens for system administrators (机构管理).

They check what a field alone can tell; the rules (unit code check characters, reserved slugs, the
tree, one competent authority per government) are the service's, ``gongkai.orgs.services``, whose
``ValidationError`` the view attaches to these same field names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Kind, Level, Organization


class ParentChoiceField(forms.ModelChoiceField):
    """The tree as an indented list, so a department is found under its government."""

    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        depth = max(obj.path.count("/") - 2, 0)
        return "　" * depth + obj.name


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("机构名称"), max_length=120)
    short_name = forms.CharField(label=_("简称"), max_length=40, required=False)
    slug = forms.SlugField(
        label=_("网址标识"),
        max_length=60,
        help_text=_("机构在门户网站上的网址，如 jyj 对应 /jyj/；只能用字母、数字、连字符"),
    )
    unit_code = forms.CharField(
        label=_("单位代码"),
        max_length=20,
        help_text=_("统一社会信用代码（18位）或组织机构代码（9位），也是本机构索引号的前段码"),
    )
    parent = ParentChoiceField(
        label=_("上级机构"),
        queryset=Organization.objects.order_by("path"),
        required=False,
        empty_label=_("（无，为最上级机构）"),
    )
    level = forms.ChoiceField(label=_("层级"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("类别"), choices=Kind.choices)
    is_competent_authority = forms.BooleanField(
        label=_("政府信息公开工作主管部门"),
        required=False,
        help_text=_("本行政区域政府信息公开工作的主管部门，上级机构须为人民政府"),
    )
    position = forms.IntegerField(label=_("排序"), min_value=0, max_value=1_000_000, initial=0)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args: Any, instance: Organization | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "short_name": instance.short_name,
                "slug": instance.slug,
                "unit_code": instance.unit_code,
                "parent": instance.parent_id,
                "level": instance.level,
                "kind": instance.kind,
                "is_competent_authority": instance.is_competent_authority,
                "position": instance.position,
                "is_active": instance.is_active,
            }
        super().__init__(*args, **kwargs)
        if instance is not None:
            # An organization cannot move under itself or below itself.
            self.fields["parent"].queryset = Organization.objects.exclude(  # type: ignore[attr-defined]
                path__startswith=instance.path
            ).order_by("path")

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_unit_code(self) -> str:
        return self.cleaned_data["unit_code"].strip()
