"""People and roles of an organization (docs/SPEC.md §1): one entry point per change.

Each function checks through ``gongkai.orgs.policy`` that the acting person may (the
organization's 机构管理员; a system administrator; for roles that reach beyond the organization,
only a supervisor from above or a system administrator), validates, writes, and records the audit
event. ``actor`` is the person doing it; ``user`` is the person it is done to. The back office,
the API and the CLI call these functions; nobody edits organizations, roles or sign-off steps
directly (the Django admin shows them read-only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.audit.log import record
from gongkai.core import public_deps
from gongkai.core.public_changes import bump_public_version, public_pages_changed
from gongkai.orgs import policy
from gongkai.orgs.models import (
    ITEM_WORKFLOW,
    Kind,
    Organization,
    Role,
    RoleName,
    SignOffCondition,
    SignOffStep,
)
from gongkai.orgs.selectors import staff_of

#: The contact details the guide (指南) shows; the only organization fields an administrator edits here.
CONTACT_FIELDS = [
    "functions",
    "address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
    "disclosure_office",
    "disclosure_office_head",
    "reading_room",
]


def _require_admin(actor: Any, organization: Organization) -> None:
    if not policy.can_administer_org(actor, organization):
        raise PermissionDenied("只有本机构的机构管理员可以管理人员、角色和机构信息。")


def _forget(*users: Any) -> None:
    for user in users:
        policy.forget_roles(user)


def _require_grant(actor: Any, organization: Organization, role: str, user: Any) -> None:
    """Grants and revocations alike (audit finding 4.8): never to oneself, reach only from above."""
    if getattr(user, "pk", None) == getattr(actor, "pk", object()):
        raise PermissionDenied("不能给自己授予角色，请由其他管理员操作。")
    if not policy.can_grant_role(actor, organization, role, user):
        if policy.role_reaches_beyond(role, organization):
            label = RoleName(role).label
            raise PermissionDenied(
                f"“{label}”角色的权限超出本机构，只能由上级主管部门的监督人员或系统管理员授予或撤销。"
            )
        _require_admin(actor, organization)
        raise PermissionDenied("您不能授予或撤销这个角色。")


@transaction.atomic
def grant_role(*, actor: Any, organization: Organization, user: Any, role: str) -> Role:
    """Give ``user`` a role within ``organization`` (idempotent: an existing role is returned).

    Nobody grants themselves a role; a role that reaches beyond the organization (supervisor; the
    administrator of a top organization) only comes from above (``policy.can_grant_role``).
    """
    if role not in RoleName.values:
        raise ValidationError({"role": "请选择有效的角色。"})
    _require_grant(actor, organization, role, user)
    if not user.is_active:
        raise ValidationError({"user": "该账号已停用，不能授予角色。"})
    obj, created = Role.objects.get_or_create(user=user, organization=organization, role=role)
    if created:
        record(
            actor=actor,
            action="role.granted",
            target=user,
            organization=organization,
            data={"role": role, "user": user.get_username()},
        )
    _forget(user)
    return obj


@transaction.atomic
def revoke_role(*, actor: Any, role: Role) -> None:
    """Take a role away. An administrator cannot remove their own 机构管理员 role (no lock-out); a
    role that reaches beyond the organization is taken away from above, like it is granted."""
    organization = role.organization
    if role.user_id == actor.pk:
        if not policy.can_manage_roles(actor, organization):
            _require_admin(actor, organization)
        if role.role == RoleName.ORG_ADMIN and not policy.is_system_admin(actor):
            raise ValidationError("不能撤销本人的机构管理员角色，请由其他管理员操作。")
    else:
        _require_grant(actor, organization, role.role, role.user)
    user = role.user
    record(
        actor=actor,
        action="role.revoked",
        target=user,
        organization=organization,
        data={"role": role.role, "user": user.get_username()},
    )
    role.delete()
    _forget(user)


@transaction.atomic
def create_staff_user(
    *,
    actor: Any,
    organization: Organization,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    roles: Iterable[str] = (),
) -> Any:
    """Create a staff account (password hashed with the configured hasher, Argon2 in production,
    after Django's password validators) and give it roles within ``organization``."""
    _require_admin(actor, organization)
    user_model = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError({"username": "请填写登录名。"})
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "该登录名已被使用。"})
    roles = list(roles)
    if any(r not in RoleName.values for r in roles):
        raise ValidationError({"roles": "请选择有效的角色。"})
    user = user_model(
        username=username, full_name=full_name.strip(), email=email.strip(), phone=phone.strip()
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record(
        actor=actor,
        action="user.created",
        target=user,
        organization=organization,
        data={"user": username, "roles": roles},
    )
    for role in roles:
        grant_role(actor=actor, organization=organization, user=user, role=role)
    return user


#: What a system administrator sets on an organization (the contact details are the body's own).
ORG_FIELDS = [
    "name",
    "short_name",
    "slug",
    "unit_code",
    "parent",
    "level",
    "kind",
    "is_competent_authority",
    "position",
    "is_active",
]


def _require_system_admin(actor: Any) -> None:
    if not policy.is_system_admin(actor):
        raise PermissionDenied("只有系统管理员可以新建或修改机构。")


def _audit_value(value: Any) -> Any:
    if isinstance(value, Organization):
        return {"id": value.pk, "name": value.name}
    return value


def _validate_organization(organization: Organization) -> None:
    try:
        organization.full_clean(exclude=["path"])
    except ValidationError as exc:
        # The unit code is checked by its field validator and again (normalized) by clean(): one message.
        raise ValidationError(
            {name: list(dict.fromkeys(messages)) for name, messages in exc.message_dict.items()}
        ) from None
    if organization.is_competent_authority:
        parent = organization.parent
        if parent is None or parent.kind != Kind.GOVERNMENT:
            message = "政府信息公开工作主管部门须设在一级人民政府之下（上级机构应为人民政府）。"
            raise ValidationError({"is_competent_authority": message})
        other = (
            Organization.objects.filter(parent=parent, is_competent_authority=True)
            .exclude(pk=organization.pk)
            .first()
        )
        if other is not None:
            message = f"{parent.name}已有主管部门“{other.name}”，一级政府只能有一个主管部门。"
            raise ValidationError({"is_competent_authority": message})


@transaction.atomic
def create_organization(*, actor: Any, fields: dict[str, Any]) -> Organization:
    """新建机构: a body joins the installation (system administrators only, docs/SPEC.md §1).

    The unit code is checked and normalized (``orgs.unitcodes``); a competent authority sits under a
    government, one per government. Its catalog, people and roles are set up afterwards.
    """
    _require_system_admin(actor)
    unknown = set(fields) - set(ORG_FIELDS)
    if unknown:
        raise ValidationError(f"不能在此设置这些字段：{', '.join(sorted(unknown))}")
    organization = Organization(**fields)
    _validate_organization(organization)
    organization.save()
    record(
        actor=actor,
        action="org.created",
        target=organization,
        data={name: _audit_value(getattr(organization, name)) for name in ORG_FIELDS},
    )
    public_pages_changed(public_deps.organization_changed(organization.pk, organization.parent_id))
    return organization


@transaction.atomic
def update_organization(*, actor: Any, organization: Organization, fields: dict[str, Any]) -> Organization:
    """Change an organization's name, codes, place in the tree, level, kind or status (system
    administrators only). Moving it moves its whole subtree (``Organization.save``)."""
    _require_system_admin(actor)
    unknown = set(fields) - set(ORG_FIELDS)
    if unknown:
        raise ValidationError(f"不能在此修改这些字段：{', '.join(sorted(unknown))}")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = {name: getattr(organization, name) for name in fields}
    for name, value in fields.items():
        setattr(organization, name, value)
    _validate_organization(organization)
    changes = {
        name: [_audit_value(before[name]), _audit_value(getattr(organization, name))]
        for name in fields
        if before[name] != getattr(organization, name)
    }
    if changes:
        organization.save()
        record(actor=actor, action="org.updated", target=organization, data={"changes": changes})
        if {"parent", "is_active", "slug"} & set(changes):
            # Its subtree's place, or whether any of its pages exist: every public page may differ.
            transaction.on_commit(bump_public_version)
        else:
            public_pages_changed(public_deps.organization_changed(organization.pk, organization.parent_id))
    return organization


@transaction.atomic
def update_contact_details(*, actor: Any, organization: Organization, fields: dict[str, Any]) -> Organization:
    """Change the contact details shown in the public guide (指南)."""
    _require_admin(actor, organization)
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError(f"不能在此修改这些字段：{', '.join(sorted(unknown))}")
    changed = sorted(name for name, value in fields.items() if getattr(organization, name) != value)
    for name, value in fields.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save()
    record(actor=actor, action="org.contact_updated", target=organization, data={"fields": changed})
    public_pages_changed(public_deps.organization_changed(organization.pk, organization.parent_id))
    return organization


@dataclass(frozen=True)
class StepSpec:
    """One step of a sign-off chain as the administrator configures it."""

    position: int
    title: str
    condition: str = SignOffCondition.ALWAYS
    signers: Sequence[Any] = field(default_factory=tuple)


@transaction.atomic
def configure_signoff_chain(
    *, actor: Any, organization: Organization, steps: Sequence[StepSpec], workflow: str = ITEM_WORKFLOW
) -> list[SignOffStep]:
    """Replace the organization's sign-off chain (签发链) of ``workflow`` with ``steps``.

    Designated signers must hold the 签发人 role in the organization, or the step could never be
    signed. An empty chain means the default: one "签发" step by any signer.
    """
    _require_admin(actor, organization)
    errors: list[str] = []
    positions = [s.position for s in steps]
    if len(set(positions)) != len(positions):
        errors.append("各环节的顺序号不能重复。")
    signer_ids = set(staff_of(organization, RoleName.SIGNER, active_only=False).values_list("pk", flat=True))
    for s in steps:
        if not 1 <= s.position <= 99:
            # Position 0 is "nothing signed yet" on an item (Item.signoff_position): never a step.
            errors.append(f"环节顺序号应为1至99之间的整数（现为{s.position}）。")
        if not s.title.strip():
            errors.append(f"第{s.position}环节须填写环节名称。")
        if s.condition not in SignOffCondition.values:
            errors.append(f"第{s.position}环节的适用条件无效。")
        bad = [u for u in s.signers if u.pk not in signer_ids]
        if bad:
            names = "、".join(str(u) for u in bad)
            errors.append(f"第{s.position}环节指定的{names}不是本机构的签发人。")
    if errors:
        raise ValidationError(errors)
    SignOffStep.objects.filter(organization=organization, workflow=workflow).delete()
    created = []
    for s in sorted(steps, key=lambda s: s.position):
        step = SignOffStep.objects.create(
            organization=organization,
            workflow=workflow,
            position=s.position,
            title=s.title.strip(),
            condition=s.condition,
        )
        step.signers.set(list(s.signers))
        created.append(step)
    record(
        actor=actor,
        action="org.signoff_chain_configured",
        target=organization,
        data={
            "workflow": workflow,
            "steps": [
                {
                    "position": s.position,
                    "title": s.title,
                    "condition": s.condition,
                    "signers": [u.pk for u in s.signers],
                }
                for s in chain_specs(created)
            ],
        },
    )
    return created


def chain_specs(steps: Iterable[SignOffStep]) -> list[StepSpec]:
    """The chain as plain specs (for the audit record and for forms)."""
    return [
        StepSpec(position=s.position, title=s.title, condition=s.condition, signers=tuple(s.signers.all()))
        for s in steps
    ]
