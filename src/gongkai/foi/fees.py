"""信息处理费 arithmetic (2019 条例 第四十二条; 国办函〔2020〕109号 《政府信息公开信息处理费管理办法》).

Pure: no Django. Providing information on request is free as a rule; a body may charge only when
the quantity or frequency of requests clearly exceeds a reasonable range, by one of two methods,
never both:

* **按件计收** (by count, per applicant per natural month): up to 10 件 free; 11–30 at 100 元/件;
  from the 31st on, every further 10 件 raise the price of the new part by 100 元/件 (31–40 at 200,
  41–50 at 300, … without end);
* **按量计收** (by volume, per application): up to 30 pages free; 31–100 at 10 元/页; 101–200 at
  20 元/页; from 201 on at 40 元/页.

Both are progressive: each unit is charged at the price of the tier it falls in. The tier amounts
are configuration (``settings.GONGKAI["REQUEST_FEES"]``), given here as ``[(first unit, price), …]``;
units below the first tier are free. ``beyond=(width, step)`` continues after the last configured
tier with tiers of ``width`` units, each ``step`` 元 dearer than the one before (the unbounded
"每增加10件加收100元/件" rule); without it the last tier runs on at its price.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "BY_COUNT",
    "BY_VOLUME",
    "UNITS",
    "FeeQuote",
    "FeeTier",
    "fee_for",
    "format_yuan",
]

# The values of ``gongkai.foi.legal.FeeMethod`` (kept literal: this module imports no Django).
BY_COUNT = "count"
BY_VOLUME = "volume"
MAX_QUANTITY = 1_000_000  # a typo guard: no real request comes near it
_UNBOUNDED = 1 << 62
UNITS = {BY_COUNT: "件", BY_VOLUME: "页"}
METHOD_LABELS = {BY_COUNT: "按件计收", BY_VOLUME: "按量计收"}
BASIS = "《中华人民共和国政府信息公开条例》第四十二条、国办函〔2020〕109号《政府信息公开信息处理费管理办法》"


@dataclass(frozen=True)
class FeeTier:
    """One line of the breakdown: the units of the quantity that fall in one price tier."""

    first: int  # first unit of the tier that is charged here (1-based, inclusive)
    last: int  # last unit charged here (inclusive)
    units: int
    price: Decimal  # 元 per unit; 0 for the free part
    subtotal: Decimal

    @property
    def free(self) -> bool:
        return self.price == 0


@dataclass(frozen=True)
class FeeQuote:
    method: str
    quantity: int  # units charged in this quote
    already: int  # units counted before it in the same period (earlier requests of the month)
    tiers: tuple[FeeTier, ...]
    total: Decimal

    @property
    def unit(self) -> str:
        return UNITS[self.method]

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    @property
    def chargeable(self) -> bool:
        return self.total > 0

    def lines(self) -> list[str]:
        """The breakdown in words, one line per tier, e.g. ``第31—35件：5件×200元＝1000元``."""
        unit = self.unit
        out = []
        for tier in self.tiers:
            span = f"第{tier.first}{unit}" if tier.first == tier.last else f"第{tier.first}—{tier.last}{unit}"
            if tier.free:
                out.append(f"{span}：{tier.units}{unit}，免费")
            else:
                out.append(f"{span}：{tier.units}{unit}×{_yuan(tier.price)}元＝{_yuan(tier.subtotal)}元")
        return out


def _yuan(amount: Decimal) -> str:
    return f"{amount:.2f}" if amount % 1 else str(int(amount))


def format_yuan(amount: Decimal) -> str:
    """``3000`` for whole yuan, ``12.50`` otherwise (as written in a fee notice)."""
    return _yuan(amount)


def _validate(
    method: str, quantity: int, tiers: Sequence[tuple[int, int]], beyond: tuple[int, int] | None, already: int
) -> None:
    if method not in UNITS:
        raise ValueError(f"计收方式应为按件计收（{BY_COUNT}）或按量计收（{BY_VOLUME}），实为“{method}”")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise ValueError("件数或页数应为不小于0的整数")
    if quantity > MAX_QUANTITY:
        raise ValueError(f"件数或页数（{quantity}）超出合理范围，请核对")
    if isinstance(already, bool) or not isinstance(already, int) or already < 0:
        raise ValueError("此前已计件数应为不小于0的整数")
    if method == BY_VOLUME and already:
        raise ValueError("按量计收以一件申请为单位计算页数，不累计此前的申请")
    if not tiers:
        raise ValueError("收费标准至少应有一档")
    previous = 0
    for first, price in tiers:
        if first < 1 or first <= previous:
            raise ValueError("各档的起始数量应为正整数并逐档递增")
        if price < 0:
            raise ValueError("收费标准不能为负数")
        previous = first
    if beyond is not None:
        width, step = beyond
        if width < 1 or step < 0:
            raise ValueError("续档的档宽应为正整数、每档加价不能为负数")


def _ranges(
    tiers: Sequence[tuple[int, int]], beyond: tuple[int, int] | None, low: int
) -> Iterator[tuple[int, int, int]]:
    """(first, last, price) of every tier in order, the free part first; ``last`` may be huge.

    Continuation tiers wholly below unit ``low`` are skipped arithmetically, so a large ``already``
    costs no loop.
    """
    if tiers[0][0] > 1:
        yield 1, tiers[0][0] - 1, 0
    for (first, price), (next_first, _) in itertools.pairwise(tiers):
        yield first, next_first - 1, price
    first, price = tiers[-1]
    if beyond is None:
        yield first, _UNBOUNDED, price
        return
    width, step = beyond
    skip = max(0, (low - first) // width)
    first, price = first + skip * width, price + skip * step
    while True:
        yield first, first + width - 1, price
        first += width
        price += step


def fee_for(
    method: str,
    quantity: int,
    tiers: Sequence[tuple[int, int]],
    beyond: tuple[int, int] | None = None,
    *,
    already: int = 0,
) -> FeeQuote:
    """The fee for ``quantity`` units, after ``already`` units counted earlier in the same period.

    By count the period is the natural month: the 12th application of a month is charged as the
    12th 件 (``already=11, quantity=1``), whatever the earlier ones cost. By volume each
    application stands alone (``already`` must be 0).
    """
    _validate(method, quantity, tiers, beyond, already)
    low, high = already + 1, already + quantity
    lines: list[FeeTier] = []
    total = Decimal(0)
    if quantity:
        for first, last, price in _ranges(tiers, beyond, low):
            if first > high:
                break
            if last < low:
                continue
            start, end = max(first, low), min(last, high)
            units = end - start + 1
            subtotal = Decimal(price) * units
            lines.append(FeeTier(start, end, units, Decimal(price), subtotal))
            total += subtotal
    return FeeQuote(method=method, quantity=quantity, already=already, tiers=tuple(lines), total=total)
