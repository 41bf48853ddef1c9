"""Forms of the people and organizations section: staff accounts, roles, contact details for the
guide, sign-off chains, and the organizations themselves for system administrators (机构管理).

They check what a field alone can tell; the rules (password strength, who grants which role, unit
code check characters, reserved slugs, the tree, one competent authority per government) are the
service's, ``gongkai.orgs.services``, whose ``ValidationError`` the view attaches to these same
field names. They never save anything themselves.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import User
from gongkai.orgs.models import Kind, Level, Organization, RoleName, SignOffCondition
from gongkai.orgs.selectors import staff_of
from gongkai.orgs.services import CONTACT_FIELDS


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


class StaffUserForm(forms.Form):
    username = forms.CharField(label=_("登录名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=60)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    password1 = forms.CharField(
        label=_("初始密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少8位，不能过于常见，不能与登录名、姓名相近"),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    roles = forms.MultipleChoiceField(
        label=_("在本机构的角色"),
        choices=RoleName.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class GrantRoleForm(forms.Form):
    username = forms.CharField(label=_("登录名"), max_length=150, help_text=_("已有账号的登录名"))
    role = forms.ChoiceField(label=_("角色"), choices=RoleName.choices)

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise ValidationError(_("没有找到登录名为“%(name)s”的有效账号。") % {"name": username})
        return user


class ContactForm(forms.ModelForm):
    website = forms.URLField(label=_("网址"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = CONTACT_FIELDS
        widgets = {"functions": forms.Textarea(attrs={"rows": 4})}


class SignOffStepForm(forms.Form):
    position = forms.IntegerField(label=_("顺序"), min_value=1, max_value=99)
    title = forms.CharField(label=_("环节名称"), max_length=60)
    condition = forms.ChoiceField(
        label=_("适用条件"), choices=SignOffCondition.choices, initial=SignOffCondition.ALWAYS
    )
    signers = forms.ModelMultipleChoiceField(
        label=_("指定签发人"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则本机构任何签发人均可签发"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signers"].queryset = staff_of(organization, RoleName.SIGNER, active_only=False)  # type: ignore[attr-defined]
        self.fields["signers"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]


class BaseSignOffFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "organization": self.form_kwargs["organization"]}


#: Steps of one sign-off chain at most. Also bounds the forms built from a posted TOTAL_FORMS
#: (Django's default allows 2,000, each with its own signer list: a 10**30 made the page hang).
MAX_SIGNOFF_STEPS = 10

SignOffFormSet = forms.formset_factory(
    SignOffStepForm,
    formset=BaseSignOffFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_SIGNOFF_STEPS,
    absolute_max=MAX_SIGNOFF_STEPS,
    validate_max=True,
)
