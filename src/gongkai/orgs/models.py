"""Organizations (机构), the roles people hold within them, and their sign-off chains (docs/SPEC.md §1)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.unitcodes import InvalidUnitCode, validate_unit_code


class Level(models.TextChoices):
    NATIONAL = "national", _("国务院部门")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（区）")
    TOWNSHIP = "township", _("乡镇（街道）")


class Kind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    GENERAL_OFFICE = "general_office", _("政府办公厅（室）")
    DEPARTMENT = "department", _("政府部门")
    DIRECTLY_UNDER = "directly_under", _("部门直属单位")
    VERTICAL = "vertical", _("垂直管理单位")
    PUBLIC_INSTITUTION = "public_institution", _("公共企事业单位")
    AUTHORIZED = "authorized", _("法律法规授权组织")


#: Slugs that would be shadowed by the portal's fixed routes (a body's pages live at /<slug>/).
RESERVED_SLUGS = {
    "catalog",
    "requests",
    "reports",
    "guide",
    "search",
    "feed",
    "items",
    "consultations",
    "messages",
    "ratings",
    "interpretations",
    "kiosk",
    "assessment",
    "surveys",
    "staff",
    "api",
    "admin",
    "i18n",
    "static",
    "media",
    "robots.txt",
    "favicon.ico",
}


def validate_slug(value: str) -> None:
    if value.lower() in RESERVED_SLUGS or value.lower().startswith("sitemap"):
        raise ValidationError(_("“%(slug)s”是系统保留的网址标识，请换一个。"), params={"slug": value})


def validate_code(value: str) -> None:
    try:
        validate_unit_code(value)
    except InvalidUnitCode as exc:
        raise ValidationError(str(exc)) from exc


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def descendants_of(self, org: Organization, *, include_self: bool = True) -> OrganizationQuerySet:
        qs = self.filter(path__startswith=org.path)
        return qs if include_self else qs.exclude(pk=org.pk)

    def active(self) -> OrganizationQuerySet:
        return self.filter(is_active=True)


class Organization(models.Model):
    """A public body: a government, its office, a department, a unit or a public enterprise.

    The tree is kept twice on purpose: ``parent`` for integrity and ``path`` (a materialized path
    of primary keys, ``/1/4/17/``) so that "everything below X" is one indexed prefix query, which
    every supervisor's screen and the region-wide portal need.
    """

    name = models.CharField(_("机构名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True, validators=[validate_slug])
    unit_code = models.CharField(
        _("单位代码"),
        max_length=18,
        unique=True,
        validators=[validate_code],
        help_text=_("统一社会信用代码（18位）或组织机构代码（9位）"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级机构"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    is_competent_authority = models.BooleanField(
        _("政府信息公开工作主管部门"),
        default=False,
        help_text=_("本行政区域政府信息公开工作的主管部门（通常为政府办公厅/室）"),
    )
    position = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    catalog_template = models.ForeignKey(
        "disclosure.CatalogTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("目录模板"),
    )

    # Contact details shown in the guide (指南).
    functions = models.TextField(_("机构职能"), blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    fax = models.CharField(_("传真"), max_length=60, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网址"), blank=True)
    disclosure_office = models.CharField(_("政府信息公开工作机构"), max_length=120, blank=True)
    disclosure_office_head = models.CharField(_("公开工作机构负责人"), max_length=60, blank=True)
    reading_room = models.CharField(_("政府信息查阅场所"), max_length=200, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["path", "position"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().save(*args, **kwargs)
        new_path = (self.parent.path if self.parent is not None else "/") + f"{self.pk}/"
        if new_path != self.path:
            old_path = self.path
            self.path = new_path
            Organization.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                # Move the subtree along with its root.
                for child in Organization.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    Organization.objects.filter(pk=child.pk).update(
                        path=new_path + child.path[len(old_path) :]
                    )

    def clean(self) -> None:
        if self.unit_code:
            try:
                self.unit_code = validate_unit_code(self.unit_code).code
            except InvalidUnitCode as exc:
                raise ValidationError({"unit_code": str(exc)}) from exc
        if self.parent is not None and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("上级机构不能是本机构或其下级机构")})

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]

    def ancestors(self) -> models.QuerySet[Organization]:
        return Organization.objects.filter(pk__in=self.ancestor_ids).order_by("path")

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    def region_government(self) -> Organization | None:
        """The nearest government at or above this body (the region it belongs to)."""
        for org in reversed(list(self.ancestors())):
            if org.kind == Kind.GOVERNMENT:
                return org
        return None

    def authorities_above(self) -> list[Organization]:
        """The competent authorities of the governments at and above this body, nearest first
        (one per government; a region without one is passed over), in one query. The first is the
        body's 政府信息公开工作主管部门; the next ones are where a matter goes when the nearest
        cannot take it. Who reports to whom builds on it: ``orgs.hierarchy``."""
        ids = self.ancestor_ids
        orgs = list(
            Organization.objects.filter(
                models.Q(pk__in=ids) | models.Q(parent_id__in=ids, is_competent_authority=True)
            )
        )
        by_id = {o.pk: o for o in orgs}
        by_id.setdefault(self.pk, self)
        ca_of_gov = competent_authority_by_government(orgs)
        return [
            by_id[ca_of_gov[org_id]]
            for org_id in reversed(ids)
            if org_id in by_id and by_id[org_id].kind == Kind.GOVERNMENT and org_id in ca_of_gov
        ]

    def competent_authority(self) -> Organization | None:
        """The 政府信息公开工作主管部门 that supervises this body: the competent authority of the
        nearest region upwards that has one."""
        found = self.authorities_above()
        return found[0] if found else None

    def supervision_root(self) -> Organization:
        """What a supervisor of this body sees: for a competent authority its whole region."""
        if self.is_competent_authority and self.parent_id:
            return self.parent  # type: ignore[return-value]
        return self


def competent_authority_by_government(orgs: Iterable[Organization]) -> dict[int, int]:
    """Government id → its competent authority's id (the first by path, as ``competent_authority``)."""
    result: dict[int, int] = {}
    for org in sorted(orgs, key=lambda o: (o.path, o.position)):
        if org.is_competent_authority and org.parent_id:
            result.setdefault(org.parent_id, org.pk)
    return result


class RoleName(models.TextChoices):
    EDITOR = "editor", _("录入员")
    REVIEWER = "reviewer", _("保密审查员")
    SIGNER = "signer", _("签发人")
    REQUEST_HANDLER = "request_handler", _("依申请承办人")
    OFFICE_HEAD = "office_head", _("公开工作机构负责人")
    INFO_OFFICER = "info_officer", _("信息员")
    INFO_EDITOR = "info_editor", _("信息科编辑")
    LEADER = "leader", _("领导")
    SUPERVISOR = "supervisor", _("主管部门监督人员")
    ORG_ADMIN = "org_admin", _("机构管理员")


class Role(models.Model):
    """A role held by a person within one organization (docs/SPEC.md §1: roles are always held *within*)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles", verbose_name=_("人员")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="roles", verbose_name=_("机构")
    )
    role = models.CharField(_("角色"), max_length=30, choices=RoleName.choices)
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"], name="unique_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization.display_short} · {self.get_role_display()}"


class SignOffCondition(models.TextChoices):
    """When a step of a sign-off chain applies (``orgs.signoff.condition_holds``)."""

    ALWAYS = "always", _("所有信息")
    URGENT = "urgent", _("紧急信息")
    REGION_WIDE = "region_wide", _("全区（市）性信息")
    REGION_WIDE_URGENT = "region_wide_urgent", _("全区（市）性紧急信息")
    REGION_WIDE_OR_URGENT = "region_wide_or_urgent", _("全区（市）性、紧急或重大信息")


#: The chain of the active-disclosure items (an organization may keep one chain per workflow).
ITEM_WORKFLOW = "item"


class SignOffStep(models.Model):
    """One step of an organization's configurable sign-off chain (签发链, docs/SPEC.md §2.4, §8).

    An organization keeps one chain per ``workflow`` (the items it publishes, the information it
    submits…). Steps apply in ``position`` order; a step whose condition does not hold for the
    thing being signed is skipped (e.g. the head's signature only for urgent or region-wide items).
    An organization with no steps configured for a workflow uses a single "签发" step. The chain
    logic is ``orgs.signoff``.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="signoff_steps", verbose_name=_("机构")
    )
    workflow = models.CharField(_("流程"), max_length=40, default=ITEM_WORKFLOW)
    position = models.PositiveSmallIntegerField(_("顺序"))
    title = models.CharField(_("环节名称"), max_length=60, default="签发")
    condition = models.CharField(
        _("适用条件"), max_length=30, choices=SignOffCondition.choices, default=SignOffCondition.ALWAYS
    )
    signers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        verbose_name=_("指定签发人"),
        help_text=_("留空则本机构任何签发人均可签发"),
    )

    class Meta:
        verbose_name = _("签发环节")
        verbose_name_plural = _("签发链")
        ordering = ["organization", "workflow", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "workflow", "position"], name="unique_signoff_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"
