"""Sign-in screens of the back office: login (with the lockout message), the two-factor step,
enrolment of an authenticator, one's own sign-in security, and the system administrator's page
for lockouts and two-factor resets. Mounted under /staff/ by ``backoffice/urls.py``."""

from __future__ import annotations

from typing import Any

import segno
from axes.helpers import get_client_username
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts import services, token_views, twofactor
from gongkai.accounts.forms import CodeForm, EnrolForm, ResetForm, UnlockForm, UserSearchForm
from gongkai.accounts.middleware import idle_seconds
from gongkai.accounts.models import User
from gongkai.accounts.throttle import client_address, cool_off, locked_attempts, locked_until
from gongkai.core.params import local_path

LOGIN_TEMPLATE = "backoffice/login.html"


class StaffLoginView(auth_views.LoginView):
    template_name = LOGIN_TEMPLATE
    redirect_authenticated_user = True


def locked_out(
    request: HttpRequest, original_response: HttpResponseBase | None = None, credentials: Any = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the login page again, saying the account is locked out from
    this address and until when (HTTP 429), for the back office's login and the admin's alike."""
    username = get_client_username(request, credentials) or ""
    until = locked_until(username, client_address(request))
    minutes = int(cool_off().total_seconds() // 60)
    if until is not None:
        minutes = max(int((until - timezone.now()).total_seconds() + 59) // 60, 1)
    redirect_to = request.POST.get("next") or request.GET.get("next") or ""
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "next": redirect_to,
        "locked_out": True,
        "locked_username": username,
        "locked_until": until,
        "locked_minutes": minutes,
    }
    return render(request, LOGIN_TEMPLATE, context, status=429)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return local_path(candidate, request) or reverse("backoffice:inbox")


def _qr_svg(device: Any) -> str:
    qr = segno.make(device.config_url, error="m")
    return str(
        qr.svg_inline(scale=5, border=4, light="#fff", svgclass="qr-code", title=_("身份验证器二维码"))
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponseBase:
    """The second step of sign-in: the code from the authenticator, or a recovery code."""
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    if twofactor.confirmed_authenticator(user) is None:
        return redirect(f"{reverse('backoffice:two_factor_setup')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.verify_second_factor(
                request=request,
                actor=user,  # type: ignore[arg-type]
                code=form.cleaned_data["code"],
            )
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
        else:
            if result.recovery_codes_left is not None:
                left = result.recovery_codes_left
                messages.warning(
                    request,
                    _("您使用了一个恢复码，还剩%(left)s个。") % {"left": left}
                    + ("请尽快在“登录安全”中生成新的恢复码。" if left <= 3 else ""),
                )
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponseBase:
    """Enrol an authenticator: QR code and secret, confirm with a code, then the recovery codes once."""
    user = request.user
    if twofactor.confirmed_authenticator(user) is not None:
        # Replacing a device needs a reset by a system administrator, never just a password.
        messages.info(request, "您已绑定身份验证器。如需更换手机，请联系系统管理员重置两步验证。")
        target = "backoffice:account_security" if user.is_verified() else "backoffice:two_factor_verify"  # type: ignore[union-attr]
        return redirect(reverse(target))
    device = services.pending_authenticator(user)  # type: ignore[arg-type]
    form = EnrolForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_enrolment(
                request=request,
                actor=user,  # type: ignore[arg-type]
                code=form.cleaned_data["code"],
            )
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
        else:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "continue_url": _next_url(request), "enrolled": True},
            )
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": _qr_svg(device),
        "secret": services.secret_text(device),
        "required": twofactor.is_required(user),
        "privileged": twofactor.is_privileged(user),
        "issuer": device._read_str_from_settings("OTP_TOTP_ISSUER") or "",
    }
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_security(request: HttpRequest) -> HttpResponseBase:
    """One's own sign-in security: two-factor status, recovery codes left, new recovery codes."""
    user = request.user
    if request.method == "POST":
        try:
            codes = services.regenerate_recovery_codes(request=request, actor=user)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("backoffice:account_security")
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "continue_url": reverse("backoffice:account_security"), "enrolled": False},
        )
    context = {
        "authenticator": twofactor.confirmed_authenticator(user),
        "codes_left": twofactor.recovery_codes_left(user),
        "required": twofactor.is_required(user),
        "mode": twofactor.mode(),
        "idle_minutes": idle_seconds() // 60,
    }
    return render(request, "accounts/account_security.html", context)


def _superuser(request: HttpRequest) -> None:
    if not request.user.is_superuser:  # type: ignore[union-attr]
        raise PermissionDenied(_("只有系统管理员可以管理登录锁定和两步验证。"))


@login_required
@require_http_methods(["GET", "HEAD"])
def security_admin(request: HttpRequest) -> HttpResponseBase:
    """System administrators: who is locked out now, and people's two-factor status with a reset."""
    _superuser(request)
    search = UserSearchForm(request.GET or None)
    people: list[User] = []
    query = ""
    if search.is_valid():
        query = search.cleaned_data["q"].strip()
    if query:
        people = list(
            User.objects.filter(Q(username__icontains=query) | Q(full_name__icontains=query)).order_by(
                "username"
            )[:50]
        )
    enrolled = set(
        twofactor.TOTPDevice.objects.filter(user__in=people, confirmed=True).values_list("user_id", flat=True)
    )
    rows = [(person, person.pk in enrolled) for person in people]
    context = {
        "locks": list(locked_attempts()),
        "search": search,
        "query": query,
        "rows": rows,
        "reset_form": ResetForm(),
        "cool_off_minutes": int(cool_off().total_seconds() // 60),
    }
    return render(request, "accounts/security_admin.html", context)


@login_required
@require_POST
def security_unlock(request: HttpRequest) -> HttpResponseBase:
    _superuser(request)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, "解锁请求无效，请从列表中选择要解锁的账户。")
        return redirect("backoffice:security_admin")
    username = form.cleaned_data["username"]
    address = form.cleaned_data["ip_address"] or None
    if services.unlock_login(actor=request.user, username=username, ip_address=address):
        messages.success(request, _("已解除“%(username)s”的登录锁定。") % {"username": username})
    else:
        messages.info(request, _("“%(username)s”当前没有被锁定。") % {"username": username})
    return redirect("backoffice:security_admin")


@login_required
@require_POST
def security_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponseBase:
    _superuser(request)
    person = get_object_or_404(User, pk=pk)
    form = ResetForm(request.POST)
    back = f"{reverse('backoffice:security_admin')}?q={person.username}"
    if not form.is_valid():
        messages.error(request, "请填写重置原因（如：手机丢失）。")
        return redirect(back)
    services.reset_two_factor(actor=request.user, user=person, reason=form.cleaned_data["reason"])
    messages.success(
        request,
        _("已重置%(display_name)s（%(username)s）的两步验证，其下次登录时须重新绑定身份验证器。")
        % {"display_name": person.display_name, "username": person.username},
    )
    return redirect(back)


urlpatterns: list[URLPattern] = [
    path("login/", StaffLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor_setup, name="two_factor_setup"),
    path("account/security/", account_security, name="account_security"),
    path("security/", security_admin, name="security_admin"),
    path("security/unlock/", security_unlock, name="security_unlock"),
    path(
        "security/users/<id:pk>/two-factor/reset/",
        security_two_factor_reset,
        name="security_two_factor_reset",
    ),
    *token_views.urlpatterns,
]
