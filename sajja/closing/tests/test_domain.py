"""The share-out arithmetic (``closing.domain``), without a database.

The worked example (the same village as ``test_services.py``): net profit 12,345.67 baht
(1,234,567 satang), the template percentages (reserve 10, dividend 70, rebate 12, committee 3,
welfare 3.5, public benefit 0.5, training and administration 1.0 = 100%).
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sajja.closing import domain

RATES = {
    "reserve": 1000,
    "dividend": 7000,
    "rebate": 1200,
    "committee": 300,
    "welfare": 350,
    "public_benefit": 50,
    "training": 100,
}


def baht_path(*month_ends_baht) -> tuple[int, ...]:
    return tuple(b * 100 for b in month_ends_baht)


def rising(opening: int, step: int, from_month: int = 1) -> tuple[int, ...]:
    """Month-end balances (baht) of a member with ``opening`` who saves ``step`` a month from ``from_month``."""
    return baht_path(*[opening + step * max(0, m - from_month + 1) for m in range(1, 13)])


# Ten members' month-end pledge balances (baht) in the fiscal year Jan-Dec 2025, and interest paid.
SAVERS = [
    domain.Saver(1, rising(0, 100)),  # 100 a month: 100, 200, ..., 1,200 -> sum 7,800
    domain.Saver(2, rising(1000, 0)),  # 1,000 saved before the year -> 12 x 1,000 = 12,000
    domain.Saver(3, rising(0, 500, from_month=7)),  # joins in July, 500 a month: 500..3,000 -> 10,500
    domain.Saver(4, rising(0, 200), interest=1000_00),  # 200 a month -> 15,600; paid 1,000 interest
    domain.Saver(5, baht_path(*[5000] * 5, *[3000] * 7)),  # 5,000, withdraws 2,000 in June -> 46,000
    domain.Saver(6, baht_path(*[0] * 11, 1200)),  # saves 1,200 in December -> 1,200
    domain.Saver(7, rising(0, 0), interest=3000_00),  # no savings; paid 3,000 interest
    domain.Saver(8, rising(2400, 100), interest=500_00),  # 2,400 + 100 a month -> 28,800 + 7,800 = 36,600
    domain.Saver(9, baht_path(*[3000] * 4, *[0] * 8), interest=700_00, months_in=4),  # left on 20 May
    domain.Saver(10, rising(0, 50)),  # 50 a month -> 3,900
]


def test_worked_example_to_the_satang():
    """Hand computation.

    Categories, 1,234,567 x rate / 10,000 (floor, fraction): reserve 123,456 .7; dividend 864,196 .9;
    rebate 148,148 .04; committee 37,037 .01; welfare 43,209 .845; public benefit 6,172 .835;
    training 12,345 .67. Floors total 1,234,563: the 4 satang left go to the largest fractions,
    dividend (.9), welfare (.845), public benefit (.835), reserve (.7):
    reserve 123,457; dividend 864,197; rebate 148,148; committee 37,037; welfare 43,210;
    public benefit 6,173; training 12,345 (sum 1,234,567).

    Dividend weights (sum of month-end balances, baht-months): 1: 7,800; 2: 12,000; 3: 10,500;
    4: 15,600; 5: 46,000; 6: 1,200; 7: 0; 8: 36,600; 9: 0 (left in the year, bylaws "none");
    10: 3,900; total 133,600. Share = 864,197 x w / 133,600:
    1: 50,454.615; 2: 77,622.485; 3: 67,919.674; 4: 100,909.231; 5: 297,552.859; 6: 7,762.249;
    8: 236,748.579; 10: 25,227.308. Floors total 864,193; 4 satang to the largest fractions
    5 (.859), 3 (.674), 1 (.615), 8 (.579):
    1: 50,455; 2: 77,622; 3: 67,920; 4: 100,909; 5: 297,553; 6: 7,762; 8: 236,749; 10: 25,227.

    Rebate, interest paid (member 9 left: none): 7: 3,000; 4: 1,000; 8: 500; total 4,500 baht.
    148,148 x 3,000/4,500 = 98,765.333; x 1,000/4,500 = 32,921.777; x 500/4,500 = 16,460.888;
    floors 148,146, 2 satang to 8 (.888) and 4 (.777): 7: 98,765; 4: 32,922; 8: 16,461.
    """
    result = domain.share_out(net_profit=1_234_567, rates=RATES, savers=SAVERS)
    assert result.categories == {
        "reserve": 123_457,
        "dividend": 864_197,
        "rebate": 148_148,
        "committee": 37_037,
        "welfare": 43_210,
        "public_benefit": 6_173,
        "training": 12_345,
    }
    assert result.weights == {
        1: 780_000, 2: 1_200_000, 3: 1_050_000, 4: 1_560_000, 5: 4_600_000,
        6: 120_000, 7: 0, 8: 3_660_000, 9: 0, 10: 390_000,
    }  # fmt: skip
    assert result.dividends == {
        1: 50_455, 2: 77_622, 3: 67_920, 4: 100_909, 5: 297_553,
        6: 7_762, 7: 0, 8: 236_749, 9: 0, 10: 25_227,
    }  # fmt: skip
    assert result.rebates == {1: 0, 2: 0, 3: 0, 4: 32_922, 5: 0, 6: 0, 7: 98_765, 8: 16_461, 9: 0, 10: 0}
    assert result.remainder == 0
    assert result.accounted == 1_234_567


def test_worked_example_down_to_whole_baht_remainder_to_welfare():
    """Each dividend cut down to whole baht: 50,400; 77,600; 67,900; 100,900; 297,500; 7,700;
    236,700; 25,200 = 863,900, so 297 satang of the dividend pool are left; the rebates: 98,700;
    32,900; 16,400 = 148,000, 148 left. 445 satang go to the welfare fund: 43,210 + 445 = 43,655."""
    result = domain.share_out(
        net_profit=1_234_567, rates=RATES, savers=SAVERS, rounding="baht_down", rounding_fund="welfare"
    )
    assert [result.dividends[m] for m in (1, 2, 3, 4, 5, 6, 8, 10)] == [
        50_400, 77_600, 67_900, 100_900, 297_500, 7_700, 236_700, 25_200,
    ]  # fmt: skip
    assert [result.rebates[m] for m in (7, 4, 8)] == [98_700, 32_900, 16_400]
    assert (result.dividend_remainder, result.rebate_remainder, result.remainder) == (297, 148, 445)
    assert result.funds["welfare"] == 43_655
    assert result.accounted == 1_234_567


def test_leavers_pro_rata_count_their_months_and_their_interest():
    """Member 9 left on 20 May: 4 month-ends at 3,000 = 12,000 baht-months; 700 interest counts."""
    result = domain.share_out(net_profit=1_234_567, rates=RATES, savers=SAVERS, leavers="pro_rata")
    assert result.weights[9] == 1_200_000
    assert result.interest[9] == 700_00
    assert result.dividends[9] > 0
    assert result.rebates[9] > 0
    assert result.accounted == 1_234_567


def test_year_end_and_units_bases():
    saver = domain.Saver(1, rising(0, 100))  # 1,200 baht at the year end
    assert domain.weight(saver, basis="year_end", unit=1, leavers="none") == 12 * 1200_00
    # units of 100 baht: 1+2+...+12 = 78 unit-months; 150 baht counts 1 unit
    assert domain.weight(saver, basis="units", unit=100_00, leavers="none") == 78
    assert domain.weight(domain.Saver(2, baht_path(*[150] * 12)), basis="units", unit=100_00, leavers="none") == 12
    leaver = domain.Saver(3, baht_path(*[3000] * 4, *[0] * 8), months_in=4)
    assert domain.weight(leaver, basis="year_end", unit=1, leavers="pro_rata") == 4 * 3000_00
    assert domain.weight(leaver, basis="year_end", unit=1, leavers="none") == 0


def test_loss_allocates_nothing_and_nobody_saving_sends_the_pool_to_the_fund():
    loss = domain.share_out(net_profit=-5_000, rates=RATES, savers=SAVERS)
    assert set(loss.categories.values()) == {0}
    assert loss.accounted == 0
    nobody = domain.share_out(net_profit=1_000_000, rates=RATES, savers=[], rounding_fund="reserve")
    assert nobody.remainder == 700_000 + 120_000
    assert nobody.funds["reserve"] == 100_000 + 820_000
    assert nobody.accounted == 1_000_000


def test_rates_must_total_100_percent():
    with pytest.raises(ValueError, match="10,000"):
        domain.split_categories(100, {"reserve": 1000, "dividend": 8999})


def test_largest_remainder_ties_go_to_the_earlier():
    assert domain.largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    assert domain.largest_remainder(0, [5, 0]) == [0, 0]
    with pytest.raises(ValueError, match="not all 0"):
        domain.largest_remainder(10, [0, 0])


def test_fiscal_year_bounds_and_month_ends():
    assert domain.year_bounds(4, 1, dt.date(2026, 3, 31)) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert domain.year_bounds(4, 1, dt.date(2026, 4, 1)) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    ends = domain.month_ends(dt.date(2024, 1, 1))
    assert ends[0] == dt.date(2024, 1, 31)
    assert ends[1] == dt.date(2024, 2, 29)
    assert ends[-1] == dt.date(2024, 12, 31)
    assert domain.month_ends(dt.date(2025, 10, 15))[0] == dt.date(2025, 11, 14)


balances = st.lists(st.integers(min_value=-10_000, max_value=10**9), min_size=12, max_size=12)
savers = st.lists(
    st.tuples(balances, st.integers(min_value=-1000, max_value=10**8), st.one_of(st.none(), st.integers(0, 11))),
    max_size=25,
)


@st.composite
def rate_sets(draw):
    """Seven built-in categories (and up to two group ones) whose rates total 10,000 bp."""
    count = draw(st.integers(min_value=2, max_value=9))
    cuts = sorted(draw(st.lists(st.integers(0, domain.FULL), min_size=count - 1, max_size=count - 1)))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, domain.FULL], strict=True)]
    codes = ["reserve", "dividend", "rebate", "committee", "welfare", "public_benefit", "training", "g1", "g2"]
    return dict(zip(codes[:count], parts, strict=True))


@settings(max_examples=300, deadline=None)
@given(
    profit=st.integers(min_value=-(10**9), max_value=10**11),
    rates=rate_sets(),
    people=savers,
    basis=st.sampled_from(domain.BASES),
    rounding=st.sampled_from(domain.ROUNDINGS),
    leavers=st.sampled_from(domain.LEAVERS),
    unit=st.integers(min_value=1, max_value=100_000),
)
def test_every_satang_is_accounted_for_and_no_share_is_negative(profit, rates, people, basis, rounding, leavers, unit):
    """member shares + fund amounts + rounding remainder = net profit exactly (0 for a loss)."""
    rounding_fund = "reserve"
    savers_ = [domain.Saver(i, tuple(b), interest, months) for i, (b, interest, months) in enumerate(people)]
    result = domain.share_out(
        net_profit=profit, rates=rates, savers=savers_, basis=basis, unit=unit,
        rounding=rounding, rounding_fund=rounding_fund, leavers=leavers,
    )  # fmt: skip
    assert result.accounted == max(profit, 0)
    assert sum(result.categories.values()) == max(profit, 0)
    assert all(v >= 0 for v in result.dividends.values())
    assert all(v >= 0 for v in result.rebates.values())
    assert all(v >= 0 for v in result.categories.values())
    assert result.remainder >= 0
    assert sum(result.dividends.values()) + result.dividend_remainder == result.categories.get("dividend", 0)
    assert sum(result.rebates.values()) + result.rebate_remainder == result.categories.get("rebate", 0)
    if rounding == "baht_down":
        assert all(v % 100 == 0 for v in (*result.dividends.values(), *result.rebates.values()))
