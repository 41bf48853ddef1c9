"""Writing the demo region: bodies with their guide details, catalogs, people and roles, sign-off
chains and the secrecy keyword list."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from gongkai.accounts.models import User
from gongkai.demo.region import CITY, CITY_OFFICE, DEMO_DEPARTMENT, OFFICE_HOURS, BodySpec
from gongkai.disclosure.models import CatalogColumn, CatalogTemplate, SecrecyKeyword, TemplateColumn
from gongkai.disclosure.services.catalog import instantiate_catalog
from gongkai.orgs.models import Kind, Organization, Role, RoleName, SignOffCondition, SignOffStep

#: The one documented password of every demo account (a demo, not a secret).
DEMO_PASSWORD = "gongkai-demo"  # noqa: S105

_HEADS = (
    "王建国", "李秀英", "张志明", "刘海燕", "陈立新", "杨春生", "黄丽娟",
    "赵德明", "吴桂兰", "周宏伟", "徐玉兰", "孙永刚", "马晓东", "朱淑珍",
)  # fmt: skip


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    role: str  # a RoleName value, or "" for the system administrator
    org_slug: str
    title: str  # what the person is, in Chinese
    can_do: str  # what they can do, Chinese
    can_do_en: str


#: One account for every role (docs/SPEC.md §1), all in 市教育局 except the supervisor and the 信息科 editor
#: who work in the city's general office (the competent authority) and the leader, a 副市长 of the city
#: government (who reads the general office's 《政务信息》); plus a second signer for the two-step
#: sign-off chain, the section head who signs step 1 of 市教育局's information submissions
#: (科室负责人审核 → 分管副职签发 → 主要负责人签发, docs/SPEC.md §8) and the system administrator.
ACCOUNTS = (
    Account("editor", "周文静", RoleName.EDITOR, DEMO_DEPARTMENT, "录入员",
            "起草、修改、送审信息，更正已发布信息", "drafts, edits, submits and corrects items"),
    Account("reviewer", "孙立新", RoleName.REVIEWER, DEMO_DEPARTMENT, "保密审查员",
            "保密审查、处理自动扫描结果、退回", "secrecy review, decides scan findings, returns drafts"),
    Account("signer", "王振华", RoleName.SIGNER, DEMO_DEPARTMENT, "签发人（分管领导）",
            "第一步“分管领导签发”，撤回已发布信息；政务信息报送第二步“分管副职签发”",
            "signs step 1 (分管领导签发), withdraws published items; step 2 of information submissions"),
    Account("signer2", "李建军", RoleName.SIGNER, DEMO_DEPARTMENT, "签发人（主要负责人）",
            "第二步“主要负责人签发”（全市性信息）；政务信息报送第三步（全市性、紧急信息）",
            "signs step 2 (主要负责人签发) of region-wide items; step 3 of urgent/region-wide submissions"),
    Account("infohead", "袁丽华", RoleName.SIGNER, DEMO_DEPARTMENT, "科室负责人（办公室主任）",
            "政务信息报送第一步“科室负责人审核”", "signs step 1 (科室负责人审核) of information submissions"),
    Account("handler", "陈晓东", RoleName.REQUEST_HANDLER, DEMO_DEPARTMENT, "依申请承办人",
            "办理依申请公开", "handles requests for information"),
    Account("window", "黄静怡", RoleName.REQUEST_HANDLER, CITY, "依申请公开受理窗口（市人民政府）",
            "受理、审核、送达市政府收到的申请（接办分离）",
            "city government window: registers, reviews and delivers"),
    Account("officehead", "赵丽娟", RoleName.OFFICE_HEAD, DEMO_DEPARTMENT, "公开工作机构负责人",
            "审批延期答复等", "disclosure office head: approves extensions"),
    Account("infoofficer", "吴海燕", RoleName.INFO_OFFICER, DEMO_DEPARTMENT, "信息员",
            "撰写、报送政务信息，答复约稿，落实批示", "writes and submits government-affairs information"),
    Account("infoeditor", "郑春生", RoleName.INFO_EDITOR, CITY_OFFICE, "信息科编辑（市政府办公室）",
            "签收、编辑、采用信息，编印《政务信息》，约稿、通报",
            "runs the general office's information desk and publications"),
    Account("leader", "刘国强", RoleName.LEADER, CITY, "副市长（市政府领导）",
            "阅读《政务信息》等刊物、作出批示", "reads the city's publications, writes instructions"),
    Account("supervisor", "何淑珍", RoleName.SUPERVISOR, CITY_OFFICE, "主管部门监督人员（市政务公开办公室）",
            "查看并考核全市各单位，接收不予公开备案", "sees and scores every body of the city"),
    Account("orgadmin", "林宏伟", RoleName.ORG_ADMIN, DEMO_DEPARTMENT, "机构管理员",
            "管理本单位人员、角色和目录栏目", "manages the body's people, roles and catalog"),
    Account("admin", "系统管理员", "", "", "系统管理员",
            "系统管理（工作台：机构、登录锁定、两步验证），可查看全部数据",
            "system administrator (back office: organizations, lockouts, 2FA), sees everything"),
)  # fmt: skip

#: Installation keyword list for the secrecy scan (docs/SPEC.md §2.5: configurable per installation).
SECRECY_KEYWORDS = (
    ("内部讨论稿", "high", "演示：未定稿文件不得公开"),
    ("不宜公开", "high", "演示：起草人标注的敏感内容"),
    ("未经审定", "medium", "演示：数据未经审定"),
    ("领导批示原件", "medium", "演示：批示原件一般不公开"),
    ("家庭住址", "low", "演示：可能涉及个人信息"),
)


@dataclass
class DemoRegion:
    bodies: dict[str, Organization]
    specs: list[BodySpec]
    users: dict[str, User]
    #: per body slug: the user who authors its generated items
    authors: dict[str, User] = field(default_factory=dict)


def create_bodies(specs: list[BodySpec]) -> dict[str, Organization]:
    bodies: dict[str, Organization] = {}
    for position, spec in enumerate(specs):
        parent = bodies[spec.parent] if spec.parent else None
        head = _HEADS[position % len(_HEADS)]
        is_gov = spec.kind in (Kind.GOVERNMENT, Kind.GENERAL_OFFICE)
        phone = f"0557-{3010000 + position * 137:07d}"
        org = Organization(
            name=spec.name,
            short_name=spec.short_name,
            slug=spec.slug,
            unit_code=spec.unit_code,
            parent=parent,
            level=spec.level,
            kind=spec.kind,
            is_competent_authority=spec.competent_authority,
            position=position,
            functions=spec.functions,
            address=_address(spec, position),
            postcode=spec.postcode,
            office_hours=OFFICE_HOURS,
            phone=phone,
            fax=f"0557-{3020000 + position * 137:07d}",
            email=f"{spec.slug}@example.gov.cn",
            website=f"https://{spec.slug}.example.gov.cn/",
            disclosure_office=(
                "宿州市政务公开办公室（设在市政府办公室）"
                if spec.slug == CITY_OFFICE
                else "政务公开办公室"
                if is_gov
                else "办公室"
            ),
            disclosure_office_head=head,
            reading_room=(
                "宿州市档案馆政府信息查阅中心、宿州市图书馆、宿州市政务服务中心"
                if spec.level != "township"
                else f"{spec.short_name}便民服务中心政府信息查阅点"
            ),
        )
        org.full_clean(exclude=["catalog_template"])
        org.save()
        bodies[spec.slug] = org
    return bodies


def _address(spec: BodySpec, position: int) -> str:
    if spec.level == "city":
        return f"安徽省宿州市埇桥区银河一路{100 + position * 3}号"
    if spec.level == "county":
        return f"安徽省宿州市{spec.place}人民路{10 + position}号"
    return f"安徽省宿州市{spec.place}政府路{1 + position % 20}号"


def create_catalogs(specs: list[BodySpec], bodies: dict[str, Organization]) -> None:
    """Each body's catalog from the right template, with a few edits an administrator would make."""
    templates = {t.code: t for t in CatalogTemplate.objects.all()}
    for spec in specs:
        instantiate_catalog(organization=bodies[spec.slug], template=templates[spec.template])
    # The city government also shows the city platform's columns (docs/SPEC.md §2.3, after
    # docs/sources/suzhou-2008-report.txt) next to the statutory ones; their codes are prefixed so they
    # cannot clash with the template's.
    _add_template_columns(bodies["suzhou"], templates["city-platform"], prefix="P")

    edu = bodies[DEMO_DEPARTMENT]
    _rename(edu, "扶贫、教育、医疗", "教育政策措施及实施情况")
    _hide(edu, "行政处罚、行政强制")
    CatalogColumn.objects.create(
        organization=edu, code="X01", name="义务教育招生入学", position=100, description="本局自设栏目"
    )
    for spec in specs:
        if spec.kind == Kind.PUBLIC_INSTITUTION:
            org = bodies[spec.slug]
            _hide(org, "公务员招考")
            _hide(org, "行政处罚、行政强制")
            _rename(org, "行政事业性收费", "收费项目及标准")


def _add_template_columns(org: Organization, template: CatalogTemplate, *, prefix: str) -> None:
    created: dict[int, CatalogColumn] = {}
    for tc in TemplateColumn.objects.filter(template=template).order_by("code"):
        created[tc.pk] = CatalogColumn.objects.create(
            organization=org,
            parent=created.get(tc.parent_id) if tc.parent_id else None,
            code=f"{prefix}{tc.code}",
            name=tc.name,
            position=200 + tc.position,
            description=tc.description,
            standard=tc.standard,
            template_column=tc,
        )


def _rename(org: Organization, starts: str, new_name: str) -> None:
    CatalogColumn.objects.filter(organization=org, name__startswith=starts).update(name=new_name)


def _hide(org: Organization, starts: str) -> None:
    CatalogColumn.objects.filter(organization=org, name__startswith=starts).update(is_hidden=True)


def create_people(specs: list[BodySpec], bodies: dict[str, Organization]) -> DemoRegion:
    """The demo accounts (one per role), and one editor per body who authors its generated items.

    Every account has the documented demo password; the hash is computed once and shared, because
    hashing is deliberately slow and the demo has ~90 accounts.
    """
    password = make_password(DEMO_PASSWORD)
    users: dict[str, User] = {}
    for account in ACCOUNTS:
        user = User.objects.create(
            username=account.username,
            full_name=account.full_name,
            email=f"{account.username}@example.gov.cn",
            password=password,
            is_staff=not account.role,
            is_superuser=not account.role,
        )
        users[account.username] = user
        if account.role:
            Role.objects.create(user=user, organization=bodies[account.org_slug], role=account.role)
    authors: dict[str, User] = {DEMO_DEPARTMENT: users["editor"]}
    new_users = []
    for spec in specs:
        if spec.slug in authors:
            continue
        new_users.append(
            User(
                username=f"{spec.slug}-editor",
                full_name=f"{spec.short_name}录入员",
                password=password,
            )
        )
    for user in User.objects.bulk_create(new_users):
        authors[user.username.removesuffix("-editor")] = user
    Role.objects.bulk_create(
        [
            Role(user=user, organization=bodies[slug], role=RoleName.EDITOR)
            for slug, user in authors.items()
            if slug != DEMO_DEPARTMENT
        ]
    )
    return DemoRegion(bodies=bodies, specs=specs, users=users, authors=authors)


def configure_signoff(region: DemoRegion) -> None:
    """Sign-off chains (docs/SPEC.md §2.4): 分管领导签发 always, 主要负责人签发 for region-wide items."""
    edu = region.bodies[DEMO_DEPARTMENT]
    step1 = SignOffStep.objects.create(
        organization=edu, position=1, title="分管领导签发", condition=SignOffCondition.ALWAYS
    )
    step1.signers.add(region.users["signer"])
    step2 = SignOffStep.objects.create(
        organization=edu, position=2, title="主要负责人签发", condition=SignOffCondition.REGION_WIDE
    )
    step2.signers.add(region.users["signer2"])
    for slug, first, second in (
        ("suzhou", "分管副市长签发", "市长签发"),
        (CITY_OFFICE, "分管副秘书长签发", "秘书长签发"),
    ):
        org = region.bodies[slug]
        SignOffStep.objects.create(organization=org, position=1, title=first)
        SignOffStep.objects.create(
            organization=org, position=2, title=second, condition=SignOffCondition.URGENT
        )


def create_secrecy_keywords() -> None:
    for text, severity, note in SECRECY_KEYWORDS:
        SecrecyKeyword.objects.get_or_create(text=text, defaults={"severity": severity, "note": note})
