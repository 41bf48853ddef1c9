"""Forms of the back office. They validate input and shape it for the service functions; they never
save anything themselves (every change goes through ``gongkai.*.services``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import User
from gongkai.orgs.models import Organization, Role, RoleName, SignOffCondition
from gongkai.orgs.services import CONTACT_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one control; each is checked by content in ``ItemForm.clean_attachments``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


# --- people and roles -------------------------------------------------------------------------


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
        signer_ids = Role.objects.filter(organization=organization, role=RoleName.SIGNER).values("user_id")
        self.fields["signers"].queryset = User.objects.filter(pk__in=signer_ids)  # type: ignore[attr-defined]
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
