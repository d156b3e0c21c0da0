"""Reading pasted numbers: every accepted and refused form, and round trips."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.numbers import (
    Amount,
    NumberCode,
    NumberProblem,
    NumberStyle,
    number_style,
    read_amount,
)

BAD = NumberCode.BAD_NUMBER
AMBIGUOUS = NumberCode.AMBIGUOUS_NUMBER
UNKNOWN = NumberCode.UNKNOWN_LOCALE


def usd(number: float) -> Amount:
    return Amount(number, "USD")


def eur(number: float) -> Amount:
    return Amount(number, "EUR")


def percent(number: float) -> Amount:
    return Amount(number, is_percent=True)


READS = [
    # Plain numbers, no locale
    pytest.param("42", "", Amount(42.0), id="integer"),
    pytest.param("3.5", "", Amount(3.5), id="decimal-point"),
    pytest.param("-3.5", "", Amount(-3.5), id="minus"),
    pytest.param("+7", "", Amount(7.0), id="plus"),
    pytest.param("  42\t", "", Amount(42.0), id="outer-whitespace"),
    pytest.param("\u200b42\ufeff", "", Amount(42.0), id="invisible-marks"),
    pytest.param(".5", "", Amount(0.5), id="leading-point"),
    pytest.param("007", "", Amount(7.0), id="leading-zeros"),
    pytest.param("0.125", "", Amount(0.125), id="zero-point-three-digits"),
    pytest.param("1234.567", "", Amount(1234.567), id="whole-too-long-to-group"),
    pytest.param("1.5E3", "", Amount(1500.0), id="exponent"),
    pytest.param("2e-3", "", Amount(0.002), id="negative-exponent"),
    pytest.param("-0", "", Amount(0.0), id="minus-zero"),
    # Separators that read one way only, no locale
    pytest.param("1,234.5", "", Amount(1234.5), id="comma-then-point"),
    pytest.param("1.234,5", "", Amount(1234.5), id="point-then-comma"),
    pytest.param("1,234,567", "", Amount(1234567.0), id="commas-group"),
    pytest.param("1.234.567", "", Amount(1234567.0), id="points-group"),
    pytest.param("1,234,567.89", "", Amount(1234567.89), id="commas-and-point"),
    pytest.param("1.234.567,89", "", Amount(1234567.89), id="points-and-comma"),
    pytest.param("1 234 567", "", Amount(1234567.0), id="spaces-group"),
    pytest.param("1\u00a0234", "", Amount(1234.0), id="no-break-space"),
    pytest.param("1\u202f234", "", Amount(1234.0), id="narrow-no-break-space"),
    pytest.param("1\u2009234", "", Amount(1234.0), id="thin-space"),
    pytest.param("1\u2007234", "", Amount(1234.0), id="figure-space"),
    pytest.param("1 234.5", "", Amount(1234.5), id="spaces-then-point"),
    pytest.param("1 234.567", "", Amount(1234.567), id="spaces-then-point-three"),
    pytest.param("1'234.5", "", Amount(1234.5), id="apostrophe-group"),
    # Unicode signs and digits
    pytest.param("\u22125", "", Amount(-5.0), id="unicode-minus"),
    pytest.param("\u20135", "", Amount(-5.0), id="en-dash-minus"),
    pytest.param("１２３", "", Amount(123.0), id="fullwidth-digits"),
    pytest.param("－１２．５％", "", percent(-0.125), id="fullwidth-signs"),
    # Locales
    pytest.param("1.234", "en", Amount(1.234), id="en-point"),
    pytest.param("1,234", "en", Amount(1234.0), id="en-comma-groups"),
    pytest.param("1,234.5", "en-US", Amount(1234.5), id="en-US"),
    pytest.param("1,234.5", "en_GB", Amount(1234.5), id="en_GB"),
    pytest.param("1,234.5", "ja", Amount(1234.5), id="ja"),
    pytest.param("1,234.5", "zh", Amount(1234.5), id="zh"),
    pytest.param("1.234", "de", Amount(1234.0), id="de-point-groups"),
    pytest.param("1,234", "de", Amount(1.234), id="de-comma"),
    pytest.param("1,5", "de", Amount(1.5), id="de-short-comma"),
    pytest.param("0,25", "de-DE", Amount(0.25), id="de-DE"),
    pytest.param("1,2345", "de", Amount(1.2345), id="de-long-fraction"),
    pytest.param("1.234,5", "de", Amount(1234.5), id="de-both"),
    pytest.param("1.234,5", "nl", Amount(1234.5), id="nl"),
    pytest.param("1.234,5", "es", Amount(1234.5), id="es"),
    pytest.param("1.234,5", "it", Amount(1234.5), id="it"),
    pytest.param("1.234,5", "pt-BR", Amount(1234.5), id="pt-BR"),
    pytest.param("1,5", "fr", Amount(1.5), id="fr-comma"),
    pytest.param("1 234,5", "fr_FR", Amount(1234.5), id="fr_FR-space"),
    pytest.param("1\u202f234,5", "fr", Amount(1234.5), id="fr-narrow-space"),
    pytest.param("1'234.5", "de-CH", Amount(1234.5), id="de-CH"),
    pytest.param("1’234.50", "de-CH", Amount(1234.5), id="de-CH-quote"),
    pytest.param("1'234,5", "de", Amount(1234.5), id="de-apostrophe"),
    pytest.param("1 234,5", "de", Amount(1234.5), id="de-space"),
    pytest.param("1,23,456", "en-IN", Amount(123456.0), id="en-IN-lakh"),
    pytest.param("12,34,567.5", "en-IN", Amount(1234567.5), id="en-IN-lakhs"),
    pytest.param("1,234,567", "en-IN", Amount(1234567.0), id="en-IN-western"),
    pytest.param("1,5E3", "de", Amount(1500.0), id="de-exponent"),
    # Accounting negatives and zero
    pytest.param("(1,234.00)", "", Amount(-1234.0), id="parentheses"),
    pytest.param("( 1,234.00 )", "", Amount(-1234.0), id="parentheses-spaced"),
    pytest.param("($1,234.00)", "", usd(-1234.0), id="parentheses-dollar"),
    pytest.param("($1,234)", "en", usd(-1234.0), id="parentheses-dollar-en"),
    pytest.param("$(1,234.00)", "", usd(-1234.0), id="dollar-parentheses"),
    pytest.param("(1.234,00 €)", "de", eur(-1234.0), id="parentheses-euro-after"),
    pytest.param("(0)", "", Amount(0.0), id="parentheses-zero"),
    pytest.param("1234-", "", Amount(-1234.0), id="trailing-minus"),
    pytest.param("$1,234.50-", "", usd(-1234.5), id="dollar-trailing-minus"),
    pytest.param("-$5", "", usd(-5.0), id="minus-dollar"),
    pytest.param("$-5", "", usd(-5.0), id="dollar-minus"),
    pytest.param("+$5", "", usd(5.0), id="plus-dollar"),
    pytest.param("-", "", Amount(0.0), id="dash-zero"),
    pytest.param("–", "", Amount(0.0), id="en-dash-zero"),
    pytest.param("—", "", Amount(0.0), id="em-dash-zero"),
    pytest.param("\u2212", "", Amount(0.0), id="unicode-minus-zero"),
    pytest.param("$ -", "", usd(0.0), id="accounting-dollar-zero"),
    # Currencies
    pytest.param("$1,200.00", "", usd(1200.0), id="dollar"),
    pytest.param("5 $", "", usd(5.0), id="dollar-after"),
    pytest.param("US$5", "", usd(5.0), id="us-dollar"),
    pytest.param("€1.200,00", "de", eur(1200.0), id="euro-before"),
    pytest.param("1.200,00 €", "de", eur(1200.0), id="euro-after"),
    pytest.param("1.200,00\u00a0€", "de", eur(1200.0), id="euro-no-break-space"),
    pytest.param("£12", "", Amount(12.0, "GBP"), id="pound"),
    pytest.param("¥1200", "", Amount(1200.0, "JPY"), id="yen"),
    pytest.param("￥1200", "", Amount(1200.0, "JPY"), id="fullwidth-yen"),
    pytest.param("₹1,23,456", "en-IN", Amount(123456.0, "INR"), id="rupee"),
    pytest.param("R$ 1.234,56", "pt-BR", Amount(1234.56, "BRL"), id="real"),
    pytest.param("CHF 1'234.50", "", Amount(1234.5, "CHF"), id="chf"),
    pytest.param("USD 1,200.00", "", usd(1200.0), id="iso-before"),
    pytest.param("USD1,200.00", "", usd(1200.0), id="iso-before-tight"),
    pytest.param("1,200.00 EUR", "", eur(1200.0), id="iso-after"),
    pytest.param("1200eur", "", eur(1200.0), id="iso-lowercase"),
    pytest.param("-1,200.00 EUR", "", eur(-1200.0), id="iso-negative"),
    # Percentages
    pytest.param("12%", "", percent(0.12), id="percent"),
    pytest.param("12 %", "", percent(0.12), id="percent-space"),
    pytest.param("12\u00a0%", "", percent(0.12), id="percent-no-break-space"),
    pytest.param("-3.5%", "", percent(-0.035), id="percent-negative"),
    pytest.param("(12%)", "", percent(-0.12), id="percent-parentheses"),
    pytest.param("0.5%", "", percent(0.005), id="percent-fraction"),
    pytest.param("12,5 %", "fr", percent(0.125), id="percent-fr"),
    # Scale suffixes, exact through Decimal
    pytest.param("1.2M", "", Amount(1_200_000.0), id="million"),
    pytest.param("1.2 M", "", Amount(1_200_000.0), id="million-space"),
    pytest.param("0.29M", "", Amount(290_000.0), id="million-exact"),
    pytest.param("3mn", "", Amount(3_000_000.0), id="mn"),
    pytest.param("3 Mn", "", Amount(3_000_000.0), id="Mn"),
    pytest.param("2.5k", "", Amount(2500.0), id="k"),
    pytest.param("2.5K", "", Amount(2500.0), id="K"),
    pytest.param("1.1bn", "", Amount(1_100_000_000.0), id="bn"),
    pytest.param("4B", "", Amount(4_000_000_000.0), id="B"),
    pytest.param("$1.2M", "", usd(1_200_000.0), id="dollar-million"),
    pytest.param("(€1,2 Mn)", "de", eur(-1_200_000.0), id="de-euro-million"),
    pytest.param("1.2M USD", "", usd(1_200_000.0), id="million-iso"),
    # Missing, not zero
    pytest.param("", "", Amount(None), id="empty"),
    pytest.param("   ", "", Amount(None), id="spaces"),
    pytest.param("\u00a0", "", Amount(None), id="no-break-space-only"),
    pytest.param("n/a", "", Amount(None), id="n/a"),
    pytest.param("N/A", "", Amount(None), id="N/A"),
    pytest.param("#N/A", "", Amount(None), id="#N/A"),
    pytest.param("na", "", Amount(None), id="na"),
    pytest.param("NA", "de", Amount(None), id="NA"),
    pytest.param("n.a.", "", Amount(None), id="n.a."),
]


@pytest.mark.parametrize(("text", "locale", "expected"), READS)
def test_read_amount_reads_text(text: str, locale: str, expected: Amount) -> None:
    assert read_amount(text, locale) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(None, Amount(None), id="none"),
        pytest.param(42, Amount(42.0), id="int"),
        pytest.param(-3.25, Amount(-3.25), id="float"),
        pytest.param(0.1, Amount(0.1), id="float-unchanged"),
    ],
)
def test_read_amount_passes_numbers_through(value: object, expected: Amount) -> None:
    amount = read_amount(value)

    assert amount == expected
    assert type(amount.number) is type(expected.number)


REFUSALS = [
    # Not a number at all
    pytest.param("12abc", "", BAD, id="letters"),
    pytest.param("five", "", BAD, id="word"),
    pytest.param("1..2", "", BAD, id="double-point"),
    pytest.param("1,2,3", "", BAD, id="short-groups"),
    pytest.param("1.234.5", "", BAD, id="short-last-group"),
    pytest.param("12,345.678,9", "", BAD, id="marks-interleaved"),
    pytest.param("1 2345", "", BAD, id="long-space-group"),
    pytest.param("1  234", "", BAD, id="double-space"),
    pytest.param("1\n234", "", BAD, id="newline"),
    pytest.param("1 234.567,8", "", BAD, id="mixed-groups"),
    pytest.param("5.", "", BAD, id="trailing-point"),
    pytest.param("$", "", BAD, id="dollar-only"),
    pytest.param("%", "", BAD, id="percent-only"),
    pytest.param("%12", "", BAD, id="percent-before"),
    pytest.param("12%%", "", BAD, id="double-percent"),
    pytest.param("--5", "", BAD, id="double-minus"),
    pytest.param("+-5", "", BAD, id="plus-minus"),
    pytest.param("-5-", "", BAD, id="minus-both-ends"),
    pytest.param("—5", "", BAD, id="em-dash-minus"),
    pytest.param("(5", "", BAD, id="unbalanced-open"),
    pytest.param("5)", "", BAD, id="unbalanced-close"),
    pytest.param("((5))", "", BAD, id="double-parentheses"),
    pytest.param("(-5)", "", BAD, id="parentheses-and-minus"),
    pytest.param("(+5)", "", BAD, id="parentheses-and-plus"),
    pytest.param("()", "", BAD, id="empty-parentheses"),
    pytest.param("(-)", "", BAD, id="parentheses-dash"),
    pytest.param("$12%", "", BAD, id="percent-of-money"),
    pytest.param("12% USD", "", BAD, id="percent-iso"),
    pytest.param("USD $5", "", BAD, id="two-currencies"),
    pytest.param("€5€", "", BAD, id="currency-twice"),
    pytest.param("12 XYZ", "", BAD, id="unknown-code"),
    pytest.param("12 kr", "", BAD, id="unknown-symbol"),
    pytest.param("12 kEUR", "", BAD, id="scaled-code"),
    pytest.param("1.2M%", "", BAD, id="percent-and-million"),
    pytest.param("5m", "", BAD, id="lowercase-m"),
    pytest.param("5b", "", BAD, id="lowercase-b"),
    pytest.param("5kk", "", BAD, id="double-k"),
    pytest.param("k", "", BAD, id="k-only"),
    pytest.param("1e5k", "", BAD, id="exponent-and-k"),
    pytest.param("1e2%", "", BAD, id="exponent-and-percent"),
    pytest.param("1,5e3", "", BAD, id="exponent-comma-no-locale"),
    pytest.param("1e999", "", BAD, id="overflow"),
    pytest.param("1e1000", "", BAD, id="long-exponent"),
    pytest.param("9" * 400, "", BAD, id="too-many-digits"),
    pytest.param("1" + " " * 50_000 + "x1", "", BAD, id="long-space-run"),
    pytest.param("1," * 50_000, "en", BAD, id="long-comma-run"),
    pytest.param("٣", "", BAD, id="arabic-indic-digit"),
    pytest.param("½", "", BAD, id="vulgar-fraction"),
    pytest.param("1²", "", BAD, id="superscript"),
    pytest.param("1,23,456", "", BAD, id="lakh-without-locale"),
    # Not a number as the locale writes them
    pytest.param("1,23,456", "en", BAD, id="en-lakh"),
    pytest.param("1,5", "en", BAD, id="en-comma-decimal"),
    pytest.param("0,123", "en", BAD, id="en-zero-group"),
    pytest.param("01,234", "en", BAD, id="en-leading-zero-group"),
    pytest.param("1,234 567", "en", BAD, id="en-mixed-groups"),
    pytest.param("1.5", "de", BAD, id="de-point-decimal"),
    pytest.param("1,234.5", "de", BAD, id="de-en-style"),
    pytest.param("1,5,", "de", BAD, id="de-trailing-comma"),
    pytest.param("1.5E3", "de", BAD, id="de-exponent-point"),
    pytest.param("1.234,5", "fr", BAD, id="fr-point-group"),
    pytest.param("1,234", "de-CH", BAD, id="de-CH-comma"),
    pytest.param("123,45,678", "en-IN", BAD, id="en-IN-bad-lakh"),
    # Two readings without a locale
    pytest.param("1.234", "", AMBIGUOUS, id="point-three"),
    pytest.param("1,234", "", AMBIGUOUS, id="comma-three"),
    pytest.param("12,345", "", AMBIGUOUS, id="comma-three-long"),
    pytest.param("123.456", "", AMBIGUOUS, id="point-three-long"),
    pytest.param("-1.234", "", AMBIGUOUS, id="point-three-negative"),
    pytest.param("$1,234", "", AMBIGUOUS, id="dollar-comma-three"),
    pytest.param("(1,234)", "", AMBIGUOUS, id="parentheses-comma-three"),
    pytest.param("1,234k", "", AMBIGUOUS, id="comma-three-k"),
    pytest.param("1,234%", "", AMBIGUOUS, id="comma-three-percent"),
    # A decimal comma without a locale
    pytest.param("1,5", "", AMBIGUOUS, id="comma-decimal"),
    pytest.param("0,25", "", AMBIGUOUS, id="comma-decimal-zero"),
    pytest.param("0,250", "", AMBIGUOUS, id="comma-decimal-zero-three"),
    pytest.param("1,2345", "", AMBIGUOUS, id="comma-decimal-long"),
    pytest.param("1234,567", "", AMBIGUOUS, id="comma-after-long-whole"),
    pytest.param("1 234,5", "", AMBIGUOUS, id="spaces-then-comma"),
    pytest.param("1'234,5", "", AMBIGUOUS, id="apostrophe-then-comma"),
    pytest.param("€1,50", "", AMBIGUOUS, id="euro-comma-decimal"),
]


@pytest.mark.parametrize(("text", "locale", "code"), REFUSALS)
def test_read_amount_refuses_text(text: str, locale: str, code: NumberCode) -> None:
    with pytest.raises(NumberProblem) as raised:
        read_amount(text, locale)

    assert raised.value.code == code


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(True, id="true"),
        pytest.param(False, id="false"),
        pytest.param(float("nan"), id="nan"),
        pytest.param(float("inf"), id="inf"),
        pytest.param(float("-inf"), id="minus-inf"),
        pytest.param(10**400, id="huge-int"),
        pytest.param(dt.date(2026, 1, 1), id="date"),
        pytest.param(Decimal("1.5"), id="decimal"),
        pytest.param(b"12", id="bytes"),
    ],
)
def test_read_amount_refuses_values(value: object) -> None:
    with pytest.raises(NumberProblem) as raised:
        read_amount(value)

    assert raised.value.code == "bad-number"


@pytest.mark.parametrize(
    ("text", "message", "readings"),
    [
        pytest.param(
            "1.234",
            "'1.234' could be 1234 (with . separating thousands) or 1.234 "
            "(with . as a decimal point); set Number locale on the Settings tab, "
            "for example to en or de.",
            (1234.0, 1.234),
            id="point",
        ),
        pytest.param(
            "1,234",
            "'1,234' could be 1234 (with , separating thousands) or 1.234 "
            "(with , as a decimal comma); set Number locale on the Settings tab, "
            "for example to en or de.",
            (1234.0, 1.234),
            id="comma",
        ),
        pytest.param(
            "($12,345k)",
            "'($12,345k)' could be ($12345k) (with , separating thousands) or "
            "($12.345k) (with , as a decimal comma); set Number locale on the "
            "Settings tab, for example to en or de.",
            (-12_345_000.0, -12_345.0),
            id="wrapped",
        ),
        pytest.param(
            "1,5",
            "'1,5' has a decimal comma, which goalsheet reads only when Number "
            "locale says so; set Number locale on the Settings tab, for example "
            "to de or fr, or type 1.5.",
            (1.5,),
            id="decimal-comma",
        ),
        pytest.param(
            "-€0,25",
            "'-€0,25' has a decimal comma, which goalsheet reads only when Number "
            "locale says so; set Number locale on the Settings tab, for example "
            "to de or fr, or type -€0.25.",
            (-0.25,),
            id="decimal-comma-wrapped",
        ),
    ],
)
def test_ambiguous_number_names_readings(
    text: str, message: str, readings: tuple[float, ...]
) -> None:
    with pytest.raises(NumberProblem) as raised:
        read_amount(text)

    assert raised.value.code == "ambiguous-number"
    assert raised.value.message == message
    assert raised.value.readings == readings


@pytest.mark.parametrize(
    ("text", "locale", "message"),
    [
        pytest.param(
            "12abc",
            "",
            "'12abc' is not a number; type one such as 1,234.50, -12%, (1,234) "
            "or $1.2M.",
            id="no-locale",
        ),
        pytest.param(
            "1.5",
            "de",
            "'1.5' is not a number as Number locale de writes numbers; type one "
            "such as 1.234,50, -12%, (1.234) or $1,2M.",
            id="de",
        ),
        pytest.param(
            "1\u00a02,5",
            " fr ",
            "'1 2,5' is not a number as Number locale fr writes numbers; type one "
            "such as 1 234,50, -12%, (1 234) or $1,2M.",
            id="fr",
        ),
    ],
)
def test_bad_number_says_what_to_type(text: str, locale: str, message: str) -> None:
    with pytest.raises(NumberProblem) as raised:
        read_amount(text, locale)

    assert raised.value.message == message
    assert raised.value.readings == ()


@pytest.mark.parametrize(
    ("locale", "value"),
    [
        pytest.param("xx", "1", id="unknown-language"),
        pytest.param("en-ZA", "1", id="unlisted-region"),
        pytest.param("de-XX", None, id="missing-value"),
        pytest.param("english", "", id="word"),
        pytest.param("en_US.UTF-8", "1", id="posix-encoding"),
    ],
)
def test_read_amount_refuses_unknown_locale(locale: str, value: object) -> None:
    with pytest.raises(NumberProblem) as raised:
        read_amount(value, locale)

    assert raised.value.code == UNKNOWN
    assert raised.value.message == (
        f"Number locale {locale!r} is not one goalsheet knows; on the Settings "
        "tab use one such as en, en-IN, de, de-CH, fr, nl, es, it or pt-BR, or "
        "leave it empty."
    )


@pytest.mark.parametrize(
    ("locale", "decimal", "group"),
    [
        pytest.param("", None, None, id="empty"),
        pytest.param("  ", None, None, id="blank"),
        pytest.param("de_DE", ",", ".", id="underscore"),
        pytest.param(" DE-de ", ",", ".", id="any-case"),
        pytest.param("fr-CA", ",", " ", id="fr-CA"),
        pytest.param("de-CH", ".", "'", id="de-CH"),
        pytest.param("es-MX", ".", ",", id="es-MX"),
        pytest.param("pt-PT", ",", " ", id="pt-PT"),
    ],
)
def test_number_style_names_locale(
    locale: str, decimal: str | None, group: str | None
) -> None:
    style = number_style(locale)

    if decimal is None:
        assert style is None
    else:
        assert style == NumberStyle(decimal, group or "")


# How each locale writes numbers, as people type and paste them: (decimal
# mark, thousands separator, lakh grouping). Written here, not imported, so
# the round trip checks the reader against an independent description.
WRITING = {
    "en": (".", ",", False),
    "en-GB": (".", ",", False),
    "ja": (".", ",", False),
    "en-IN": (".", ",", True),
    "de": (",", ".", False),
    "nl": (",", ".", False),
    "es": (",", ".", False),
    "it": (",", ".", False),
    "pt-BR": (",", ".", False),
    "fr": (",", "\u202f", False),
    "fr_FR": (",", " ", False),
    "sv": (",", "\u00a0", False),
    "de-CH": (".", "’", False),
}

FAST = settings(max_examples=200, deadline=None)

wholes = st.integers(min_value=0, max_value=10**15)
fractions = st.text(alphabet="0123456789", max_size=6)
locales = st.sampled_from(sorted(WRITING))


def group_digits(whole: int, group: str, lakh: bool) -> str:
    """The whole number with its thousands (or lakh) separators."""
    digits = str(whole)
    head, tail = digits[:-3], digits[-3:]
    size = 2 if lakh else 3
    groups = [tail]
    while head:
        groups.insert(0, head[-size:])
        head = head[:-size]
    return group.join(groups)


def write(whole: int, fraction: str, locale: str, grouped: bool = True) -> str:
    """A positive number as the locale writes it."""
    decimal, group, lakh = WRITING[locale]
    text = group_digits(whole, group, lakh) if grouped else str(whole)
    return f"{text}{decimal}{fraction}" if fraction else text


def exact(whole: int, fraction: str, power: int = 0) -> float:
    return float(Decimal(f"{whole}.{fraction or 0}e{power}"))


@FAST
@given(wholes, fractions, locales, st.booleans(), st.booleans())
def test_read_amount_round_trips_locale(
    whole: int, fraction: str, locale: str, grouped: bool, negative: bool
) -> None:
    text = write(whole, fraction, locale, grouped)
    sign = "-" if negative else ""

    amount = read_amount(sign + text, locale)

    number = exact(whole, fraction)
    assert amount == Amount(-number if negative else number)


@FAST
@given(wholes, fractions, locales)
def test_parentheses_negate(whole: int, fraction: str, locale: str) -> None:
    text = write(whole, fraction, locale)

    inside = read_amount(f"({text})", locale).number
    plain = read_amount(text, locale).number

    assert inside is not None
    assert plain is not None
    assert inside == -plain


@FAST
@given(
    wholes,
    fractions,
    locales,
    st.sampled_from(["$", "€", "£", "¥", "₹", "US$", "R$", "CHF", "usd", "EUR"]),
    st.booleans(),
    st.sampled_from(["", " ", "\u00a0"]),
)
def test_currency_keeps_number(
    whole: int, fraction: str, locale: str, symbol: str, before: bool, space: str
) -> None:
    text = write(whole, fraction, locale)
    codes = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
    codes |= {"US$": "USD", "R$": "BRL", "usd": "USD"}
    priced = f"{symbol}{space}{text}" if before else f"{text}{space}{symbol}"

    amount = read_amount(priced, locale)

    assert amount == Amount(exact(whole, fraction), codes.get(symbol, symbol))


@FAST
@given(
    st.integers(min_value=0, max_value=10**6),
    fractions,
    st.sampled_from([("k", 3), ("K", 3), ("M", 6), ("mn", 6), ("bn", 9), ("B", 9)]),
)
def test_scale_suffix_is_exact(
    whole: int, fraction: str, suffix: tuple[str, int]
) -> None:
    letters, power = suffix

    amount = read_amount(f"{write(whole, fraction, 'en')}{letters}", "en")

    assert amount == Amount(exact(whole, fraction, power))


@FAST
@given(wholes, fractions, st.sampled_from(["en", "de", "fr"]))
def test_percent_is_exact(whole: int, fraction: str, locale: str) -> None:
    amount = read_amount(f"{write(whole, fraction, locale)}%", locale)

    assert amount == Amount(exact(whole, fraction, -2), is_percent=True)


@FAST
@given(
    wholes,
    fractions,
    st.sampled_from(sorted(set(WRITING) - {"en-IN"})),
    st.booleans(),
)
def test_no_locale_reads_right_or_refuses(
    whole: int, fraction: str, locale: str, grouped: bool
) -> None:
    text = write(whole, fraction, locale, grouped)

    try:
        amount = read_amount(text)
    except NumberProblem as problem:
        assert problem.code == "ambiguous-number"
        assert exact(whole, fraction) in problem.readings
    else:
        assert amount == Amount(exact(whole, fraction))
