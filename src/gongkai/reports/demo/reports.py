"""Demo annual reports (政府信息公开工作年度报告, docs/SPEC.md §6) for the two completed years before today.

A handful of bodies — 市教育局, 市人民政府, 市财政局, 市人社局, 市民政局 and 砀山县人民政府 — get a
history to report on: requests received and handled over both years through the real services
(intake, handling, fees, appeals, with their real past dates; a few received in late December
and answered in January, so figures carry over between years), 规章 and 行政规范性文件 formed,
published and replaced in those years, and then their reports, written and moved through the
real workflow (``gongkai.reports.services``): the older year published everywhere, the newer one
published, accepted, submitted, returned with comments or still a draft depending on the body.

The narratives are written from the computed figures, so the text and the tables agree. Report
timestamps are moved back to when a body would have submitted (January for departments, March for
governments), as a real installation would show them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.core.conf import conf
from gongkai.disclosure.legal import Duration, Stage, Validity
from gongkai.disclosure.models import (
    CatalogColumn,
    Classification,
    Item,
    ItemLink,
    ItemRevision,
    ItemState,
    LinkKind,
)
from gongkai.disclosure.revisions import revision_snapshot
from gongkai.disclosure.services.content import html_to_text
from gongkai.disclosure.services.index_numbers import allocate_index_number
from gongkai.foi.demo.requests import _REASONS, DemoRequests
from gongkai.foi.legal import ApplicantType, FeeMethod, Outcome, reply_types_for
from gongkai.foi.models import Appeal, InfoRequest, RequestSettings, Routing
from gongkai.foi.services import fees, handling
from gongkai.foi.services.intake import register
from gongkai.foi.services.notices import case_url
from gongkai.notifications.models import Notification
from gongkai.orgs.models import Kind, Organization, Role, RoleName
from gongkai.reports import figures as report_figures
from gongkai.reports import services as report_services
from gongkai.reports.demo.plans import (
    APPLICANT_WEIGHTS,
    OUTCOME_WEIGHTS,
    PLANS,
    RETURN_COMMENT,
    REVIEW,
    BodyPlan,
    narrative,
)
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.workdays.calendar import get_calendar

Echo = Callable[[str], Any]


class DemoReports:
    def __init__(self, region: Any, *, seed: int, echo: Echo) -> None:
        self.region = region
        self.seed = seed
        self.echo = echo
        self.rng = random.Random(seed + 41)
        self.today = timezone.localdate()
        self.years = (self.today.year - 2, self.today.year - 1)
        self.calendar = get_calendar()
        self.people = DemoRequests(region, seed + 41, echo)  # realistic applicants
        self.specs = {spec.slug: spec for spec in region.specs}
        self.supervisor = region.users["supervisor"]
        self.heads: dict[str, User] = {}
        self.requests = 0
        self.history: list[int] = []
        self.items = 0
        self._classes = {(c.scheme, c.code): c.pk for c in Classification.objects.all()}

    # -- people ---------------------------------------------------------------------------------------

    def _office_heads(self) -> None:
        """Who writes each report: 市教育局's 公开工作机构负责人 (the demo account ``officehead``);
        for the other bodies one office head each (``<slug>-head``), who also handles requests."""
        password = self.region.users["editor"].password  # the demo password, hashed once already
        for plan in PLANS:
            if plan.slug == "sz-jyj":
                self.heads[plan.slug] = self.region.users["officehead"]
                continue
            org = self.region.bodies[plan.slug]
            user, _ = User.objects.get_or_create(
                username=f"{plan.slug}-head",
                defaults={
                    "full_name": org.disclosure_office_head or f"{org.short_name}公开办负责人",
                    "email": f"{plan.slug}-head@example.gov.cn",
                    "password": password,
                },
            )
            Role.objects.get_or_create(user=user, organization=org, role=RoleName.OFFICE_HEAD)
            self.heads[plan.slug] = user
            spec = self.specs[plan.slug]
            RequestSettings.objects.get_or_create(
                organization=org,
                defaults={
                    "review_body": "宿州市人民政府",
                    "court": "砀山县人民法院" if plan.slug == "dsx" else "宿州市埇桥区人民法院",
                    "letter_prefix": f"{spec.doc_prefix}依复",
                },
            )

    def handler_for(self, slug: str) -> User:
        if slug == "sz-jyj":
            return self.region.users["handler"]
        if slug == "suzhou":
            return self.region.users["window"]
        return self.heads[slug]

    # -- dates ----------------------------------------------------------------------------------------

    def workday_on_or_after(self, day: dt.date) -> dt.date:
        while not self.calendar.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def after(self, day: dt.date, n: int) -> dt.date:
        return self.calendar.add_workdays(day, n)

    def spread(self, year: int, n: int, *, last: dt.date) -> list[dt.date]:
        """``n`` working days spread over ``year`` up to ``last``, in order."""
        first = dt.date(year, 1, 5)
        span = (last - first).days
        days = sorted(first + dt.timedelta(days=int(span * (i + self.rng.random()) / n)) for i in range(n))
        return [self.workday_on_or_after(day) for day in days]

    def weighted(self, weights: tuple[tuple[str, int], ...]) -> str:
        return self.rng.choices([w for w, _ in weights], [n for _, n in weights])[0]

    # -- requests ---------------------------------------------------------------------------------------

    def build_requests(self, plan: BodyPlan, year: int, count: int) -> list[InfoRequest]:
        body = self.region.bodies[plan.slug]
        # The last one or two arrive in late December and are answered in January: carried over.
        carried = 2 if count >= 10 else 1
        days = self.spread(year, count - carried, last=dt.date(year, 11, 30))
        days += [self.workday_on_or_after(dt.date(year, 12, 18 + 4 * i)) for i in range(carried)]
        made = []
        for received in days:
            if received > self.today:
                break
            outcome = self.weighted(OUTCOME_WEIGHTS)
            kind = self.weighted(APPLICANT_WEIGHTS)
            workdays = self.rng.randint(4, 18)
            if received.month == 12 and received.day >= 18:
                # answered in January, within the 20 working days
                outcome = self.rng.choice((Outcome.GRANTED, Outcome.UNABLE_NOT_HELD))
                workdays = self.rng.randint(max(workdays, 12), 19)
            made.append(self.one_request(plan, body, received, kind, outcome, year, workdays=workdays))
        return made

    def one_request(
        self,
        plan: BodyPlan,
        body: Organization,
        received: dt.date,
        kind: str,
        outcome: str,
        year: int,
        *,
        workdays: int,
    ) -> InfoRequest:
        actor = self.handler_for(plan.slug)
        want = self.rng.choice(plan.wants).format(year=year - self.rng.choice((0, 0, 1)))
        channel = self.rng.choice(["in_person", "letter", "online", "online", "email"])
        extra: dict[str, Any] = {}
        if channel == "letter":
            extra["signed_for_on"] = received
        elif channel != "in_person":
            extra["confirmed_on"] = received
        request, _code = register(
            body,
            actor=actor,
            data=self.people.applicant(kind, description=want),
            channel=channel,
            submitted_on=received,
            **extra,
        )
        self.requests += 1
        self.history.append(request.pk)
        answer_on = self.after(received, workdays)
        if outcome == Outcome.OTHER_NO_CORRECTION:
            ask, until = self.after(received, 2), self.after(received, 12)
            handling.ask_correction(
                request, actor=actor, on=ask, what="请写明所需信息的名称、文号或年份", until=until
            )
            request.refresh_from_db()
            lapse = self.after(until, 1)
            if lapse <= self.today:
                handling.lapse_correction(request, actor=actor, on=lapse)
        elif outcome == Outcome.UNABLE_STILL_UNCLEAR:
            handling.ask_correction(
                request,
                actor=actor,
                on=self.after(received, 2),
                what="请写明所需信息的名称、文号或年份",
                until=self.after(received, 12),
            )
            corrected = self.after(received, 6)
            if corrected <= self.today:
                request.refresh_from_db()
                handling.receive_correction(request, actor=actor, on=corrected, note="申请人补充了部分描述")
                self.finish(plan, request, outcome, self.after(corrected, 10))
        elif outcome == Outcome.OTHER:
            withdrawn = self.after(received, 3)
            if withdrawn <= self.today:
                handling.withdraw(
                    request, actor=actor, on=withdrawn, reason="申请人来电表示已通过其他途径获取，申请撤回"
                )
        else:
            self.finish(plan, request, outcome, answer_on)
        return request

    def finish(self, plan: BodyPlan, request: InfoRequest, outcome: str, on: dt.date) -> None:
        """Answer on ``on`` (if that day has come): model A replies directly; 市人民政府 (model B,
        接办分离) has its office draft, the window approve and deliver."""
        if on > self.today:
            return
        types = reply_types_for(outcome)
        reply_type = self.rng.choice(types) if outcome == Outcome.GRANTED else types[0] if types else ""
        plain = outcome == Outcome.GRANTED and reply_type == "provided"
        reasons = "" if plain else _REASONS.get(outcome, "经审查，依法作出上述处理。")
        actor = self.handler_for(plan.slug)
        if handling.routing_of(request) == Routing.WINDOW:
            handling.assign(request, actor=actor, handling_unit=self.region.bodies["sz-zfb"])
            handling.submit_draft(
                request,
                actor=actor,
                outcome=outcome,
                reply_type=reply_type,
                reasons=reasons,
                title="政府信息公开申请答复告知书",
                body=(
                    f"{request.applicant_name}：\n本机关于{request.received_on:%Y年%m月%d日}收到您提出的"
                    f"政府信息公开申请（登记编号 {request.registration_number}）。经审查，现答复如下："
                    f"{reasons or '予以公开。'}"
                ),
            )
            handling.approve_draft(request, actor=actor)
            handling.issue_reply(request, actor=actor, on=on)
        else:
            handling.issue_reply(
                request, actor=actor, on=on, outcome=outcome, reply_type=reply_type, reasons=reasons
            )

    @contextmanager
    def fees_enabled(self) -> Iterator[None]:
        config = conf()["REQUEST_FEES"]
        before = config["ENABLED"]
        config["ENABLED"] = True
        try:
            yield
        finally:
            config["ENABLED"] = before

    def _fee_request(
        self, body: Organization, actor: User, received: dt.date, kind: str, want: str
    ) -> InfoRequest:
        request, _code = register(
            body,
            actor=actor,
            data=self.people.applicant(kind, description=want),
            channel="in_person",
            submitted_on=received,
        )
        self.requests += 1
        self.history.append(request.pk)
        return request

    def _fee_paid(self, plan: BodyPlan, body: Organization, actor: User, year: int) -> None:
        received = self.workday_on_or_after(dt.date(year, 6, 8))
        request = self._fee_request(
            body,
            actor,
            received,
            ApplicantType.BUSINESS,
            f"{year - 5}年至{year - 1}年全市校舍建设项目合同文本（约80页）",
        )
        notice = fees.issue_fee_notice(
            request, actor=actor, method=FeeMethod.BY_VOLUME, quantity=80, on=self.after(received, 3)
        )
        fees.record_payment(notice, actor=actor, on=self.after(received, 7))
        request.refresh_from_db()
        self.finish(plan, request, Outcome.GRANTED, self.after(received, 15))

    def _fee_unpaid(self, plan: BodyPlan, body: Organization, actor: User, year: int) -> None:
        received = self.workday_on_or_after(dt.date(year, 9, 7))
        request = self._fee_request(
            body,
            actor,
            received,
            ApplicantType.OTHER_ORG,
            f"{year - 10}年以来全部教育收费文件及附件（约400页）",
        )
        notice = fees.issue_fee_notice(
            request, actor=actor, method=FeeMethod.BY_VOLUME, quantity=400, on=self.after(received, 2)
        )
        fees.lapse_fee(notice, actor=actor, on=self.after(notice.pay_by, 1))

    # -- appeals ----------------------------------------------------------------------------------------

    def build_appeals(self, plan: BodyPlan, year: int, requests: list[InfoRequest]) -> None:
        wanted = plan.appeals[self.years.index(year)]
        answered = [
            r
            for r in InfoRequest.objects.filter(pk__in=[r.pk for r in requests], answered_on__isnull=False)
            .exclude(outcome=Outcome.GRANTED)
            .order_by("answered_on", "pk")
        ]
        actor = self.handler_for(plan.slug)
        reviews: list[Appeal] = []
        court = "砀山县人民法院" if plan.slug == "dsx" else "宿州市埇桥区人民法院"
        for n, (kind, result, after_review) in enumerate(wanted):
            if after_review and reviews:
                review = reviews[0]
                request = review.request
                filed = self.after(review.decided_on or review.filed_on, 8)
            else:
                if not answered:
                    return
                request = answered.pop(0)
                assert request.answered_on is not None
                filed = self.after(request.answered_on, 12 + 5 * n)
                review = None
            if filed > self.today or filed.year != year:
                continue
            authority = (
                ("安徽省人民政府" if plan.slug == "suzhou" else "宿州市人民政府") if kind == REVIEW else court
            )
            number = (
                f"宿政复〔{filed.year}〕{20 + 7 * n}号"
                if kind == REVIEW
                else f"（{filed.year}）皖13{'21' if plan.slug == 'dsx' else '02'}行初{30 + 11 * n}号"
            )
            appeal = handling.record_appeal(
                request,
                actor=actor,
                kind=kind,
                filed_on=filed,
                authority=authority,
                case_number=number,
                after_review=review,
            )
            decided = self.after(filed, 45 if kind == REVIEW else 90)
            if decided <= self.today:
                handling.decide_appeal(appeal, actor=actor, result=result, decided_on=decided)
                appeal.refresh_from_db()
            if kind == REVIEW:
                reviews.append(appeal)

    # -- 规章 and 规范性文件 -------------------------------------------------------------------------------

    def column_for(self, org: Organization, regulation: bool) -> CatalogColumn:
        columns = list(
            CatalogColumn.objects.filter(organization=org, is_hidden=False, children__isnull=True).order_by(
                "code"
            )
        )
        words = (
            ("行政法规、规章", "规章和规范性文件")
            if regulation
            else ("政府规范性文件", "规章和规范性文件", "规范性文件")
        )
        for word in words:
            for column in columns:
                if word in column.name:
                    return column
        return columns[0]

    def publish_past(
        self,
        plan: BodyPlan,
        *,
        title: str,
        number: str,
        formed: dt.date,
        regulation: bool,
    ) -> Item | None:
        """A 规章 or 行政规范性文件 published a few working days after it was formed, back then (as the
        bulk path writes history: its 索引号 from the counter of the publication year and month)."""
        published = self.after(formed, self.rng.randint(2, 8))
        if published >= self.today:
            return None
        org = self.region.bodies[plan.slug]
        author = self.region.authors[plan.slug]
        name = title.split("《", 1)[-1].split("》", 1)[0] if "《" in title else title
        body = (
            f"<p>为规范和加强相关工作，根据有关法律法规和政策规定，结合本地实际，制定《{name}》。</p>"
            f"<p>《{name}》已经{org.short_name or org.name}研究同意，现予印发，请认真贯彻执行。</p>"
        )
        tz = timezone.get_current_timezone()
        when = dt.datetime.combine(
            published, dt.time(9 + self.rng.randint(0, 7), self.rng.randint(0, 59)), tzinfo=tz
        )
        item = Item(
            organization=org,
            author=author,
            title=title,
            document_number=number,
            date_formed=formed,
            column=self.column_for(org, regulation),
            genre_id=self._classes.get(("genre", "01" if regulation else "06")),
            combined_id=None if regulation else self._classes.get(("combined", "01")),
            summary=(
                f"《{name}》已经市人民政府常务会议审议通过，现予公布，自公布之日起30日后施行。"
                if regulation
                else f"印发《{name}》，自印发之日起施行。"
            ),
            body=body,
            body_text=html_to_text(body),
            duration=Duration.LONG_TERM,
            validity=Validity.VALID,
            effective_from=published,
            stage=Stage.DECISION,
            channels=["website", "gazette"],
            is_regulation=regulation,
            is_normative=not regulation,
            state=ItemState.PUBLISHED,
            published_at=when,
            workdays_to_publish=self.calendar.workdays_between(formed, published),
        )
        item.index_number = allocate_index_number(item, on=published)
        item.save()
        Item.objects.filter(pk=item.pk).update(created_at=when, updated_at=when)
        ItemRevision.objects.create(item=item, number=1, snapshot=revision_snapshot(item), created_by=author)
        self.items += 1
        return item

    def build_items(self, plan: BodyPlan, year: int) -> None:
        index = self.years.index(year)
        spec = self.specs[plan.slug]
        org = self.region.bodies[plan.slug]
        policies = plan.policies[index * plan.normative[0] :] + plan.policies
        days = self.spread(year, plan.normative[index], last=dt.date(year, 12, 15))
        for n, (formed, name) in enumerate(zip(days, policies, strict=False)):
            new = self.publish_past(
                plan,
                title=f"{org.name}关于印发《{name}》的通知",
                number=f"{spec.doc_prefix}〔{year}〕{12 + 9 * n + self.rng.randint(0, 8)}号",
                formed=formed,
                regulation=False,
            )
            if new is not None and n == 0:
                # The first of each year replaces an older one of the same body: 本年废止 (失效).
                self.replace_older(plan, new, year)
        for n in range(plan.regulations[index]):
            formed = self.workday_on_or_after(dt.date(year, 4 + 5 * n, 10))
            order = 10 + 2 * (year - 2020) + n
            name = plan.regulation_names[(n + plan.regulations[0] * index) % len(plan.regulation_names)]
            self.publish_past(
                plan,
                title=f"《{name}》（宿州市人民政府令第{order}号）",
                number=f"宿州市人民政府令第{order}号",
                formed=formed,
                regulation=True,
            )

    def replace_older(self, plan: BodyPlan, new: Item, year: int) -> None:
        """An older version, formed some years before, published then and now replaced by ``new``."""
        spec = self.specs[plan.slug]
        formed = self.workday_on_or_after(
            dt.date(year - 4 - self.rng.randint(0, 2), 3 + self.rng.randint(0, 8), 6)
        )
        old_name = new.title.split("《", 1)[-1].split("》", 1)[0]
        old = self.publish_past(
            plan,
            title=new.title.replace(old_name, f"{old_name}（试行）"),
            number=f"{spec.doc_prefix}〔{formed.year}〕{5 + self.rng.randint(0, 40)}号",
            formed=formed,
            regulation=False,
        )
        if old is None or new.published_date is None:
            return
        # Replaced on the day the new one took effect: the old one 失效 (docs/SPEC.md §2.1 validity).
        Item.objects.filter(pk=old.pk).update(
            validity=Validity.EXPIRED, validity_changed_on=new.published_date
        )
        ItemLink.objects.create(source=new, target=old, kind=LinkKind.REPLACES)

    # -- the reports ----------------------------------------------------------------------------------

    def published_in(self, org: Organization, year: int) -> int:
        tz = timezone.get_current_timezone()
        start = dt.datetime(year, 1, 1, tzinfo=tz)
        end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
        return Item.objects.filter(
            organization=org, published_at__gte=start, published_at__lt=end, state=ItemState.PUBLISHED
        ).count()

    def late_answers(self, org: Organization, year: int) -> int:
        """Requests finished in ``year`` after their due date."""
        finished = InfoRequest.objects.filter(
            organization=org, answered_on__year=year, due_date__isnull=False
        )
        return sum(
            1
            for r in finished.only("answered_on", "due_date")
            if r.answered_on and r.answered_on > r.due_date
        )

    def write_report(self, plan: BodyPlan, year: int, state: str) -> AnnualReport:
        org = self.region.bodies[plan.slug]
        editor = self.heads[plan.slug]
        index = self.years.index(year)
        report = report_services.get_or_create_report(org, year, actor=editor)
        computed = report_figures.compute([org.pk], year)[org.pk]
        sections = narrative(
            org,
            year,
            computed,
            published=self.published_in(org, year),
            late=self.late_answers(org, year),
            problems=plan.problems[index],
            rng=random.Random(self.seed * 31 + year + org.pk),
        )
        licensing, penalty, coercion, income = plan.entered[index]
        data: dict[str, Any] = dict(sections)
        data.update(
            licensing_decisions=licensing,
            licensing_source=plan.sources[0],
            penalty_decisions=penalty,
            penalty_source=plan.sources[1],
            coercion_decisions=coercion,
            coercion_source=plan.sources[2],
            fee_income=income,
            fee_income_source=plan.sources[3],
        )
        if state == ReportState.DRAFT:
            # Work in progress: the figures entered, sections 五 and 六 not written yet.
            data.update(section_5="", section_6="", fee_income="", fee_income_source="")
        report_services.update_report(report, actor=editor, data=data)
        if state == ReportState.DRAFT:
            return report
        report_services.submit(report, actor=editor)
        if state == ReportState.RETURNED:
            report_services.return_report(report, actor=self.supervisor, comment=RETURN_COMMENT)
        elif state in (ReportState.ACCEPTED, ReportState.PUBLISHED):
            report_services.accept(report, actor=self.supervisor, comment="经审核，同意公开。")
            if state == ReportState.PUBLISHED:
                report_services.publish(report, actor=editor)
        self.backdate(report)
        return report

    def backdate(self, report: AnnualReport) -> None:
        """The dates a body would show: a department by 31 January, a government by 31 March."""
        government = report.organization.kind == Kind.GOVERNMENT
        month = 3 if government else 1
        next_year = report.year + 1
        tz = timezone.get_current_timezone()
        now = timezone.now()

        def at(day: int, hour: int) -> dt.datetime:
            return min(dt.datetime(next_year, month, day, hour, 30, tzinfo=tz), now)

        base = 12 + report.organization.pk % 8
        values: dict[str, Any] = {"created_at": at(base - 10, 9), "updated_at": at(base, 16)}
        if report.submitted_at:
            values["submitted_at"] = at(base, 16)
        if report.reviewed_at:
            values["reviewed_at"] = at(base + 3, 10)
            values["updated_at"] = at(base + 3, 10)
        if report.published_at:
            values["published_at"] = at(min(base + 6, 31), 9)
            values["updated_at"] = values["published_at"]
        AnnualReport.objects.filter(pk=report.pk).update(**values)

    # -- all of it --------------------------------------------------------------------------------------

    def build(self) -> int:
        self._office_heads()
        for year in self.years:
            for plan in PLANS:
                self.build_items(plan, year)
                requests = self.build_requests(plan, year, plan.requests[self.years.index(year)])
                self.build_appeals(plan, year, requests)
        with self.fees_enabled():  # 市教育局, the newer year: one fee paid, one left unpaid
            plan, actor = PLANS[0], self.handler_for(PLANS[0].slug)
            self._fee_paid(plan, self.region.bodies[plan.slug], actor, self.years[1])
            self._fee_unpaid(plan, self.region.bodies[plan.slug], actor, self.years[1])
        reports = [
            self.write_report(
                plan, year, ReportState.PUBLISHED if year == self.years[0] else plan.newer_state
            )
            for year in self.years
            for plan in PLANS
        ]
        # Registered after the services' own callbacks, so it runs after they have notified.
        transaction.on_commit(lambda: self.history_read(reports))
        return len(reports)

    def history_read(self, reports: list[AnnualReport]) -> None:
        """What the services told people about this history happened long ago: read. Only what still
        waits for someone stays unread (a report to review, to revise, or to publish)."""
        waiting = {
            ReportState.SUBMITTED: "report.submitted",
            ReportState.RETURNED: "report.returned",
            ReportState.ACCEPTED: "report.accepted",
        }
        old = Q(url__in=[case_url(request) for request in InfoRequest.objects.filter(pk__in=self.history)])
        for report in reports:
            url = report_services.report_url(report)
            kind = waiting.get(report.state)
            old |= Q(url=url) & ~Q(kind=kind) if kind else Q(url=url)
        Notification.objects.filter(old, read_at__isnull=True).update(read_at=timezone.now())


def build_reports(region: Any, *, seed: int, echo: Echo) -> int:
    demo = DemoReports(region, seed=seed, echo=echo)
    reports = demo.build()
    echo(
        f"已生成 {reports} 份政府信息公开工作年度报告（{demo.years[0]}、{demo.years[1]}年度，"
        f"{len(PLANS)} 个机关；另有历史申请 {demo.requests} 件、规章和规范性文件 {demo.items} 件）。"
    )
    return reports
