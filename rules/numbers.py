"""Strict reading of the numbers finance pastes: separators, signs, units, locales.

Nothing here guesses. Text is read as a number only when it has one reading
under the workbook's Number locale; otherwise it raises a NumberProblem whose
stable code the caller turns into a finding.

With no Number locale set:
- "1,234.5", "1.234,5", "1,234,567" and "1.234.567" read one way only: the
  last mark of two kinds is the decimal mark, a mark used twice groups thousands.
- a single "." or "," followed by exactly three digits ("1.234", "12,345") is
  an ambiguous-number: it could group thousands or mark decimals.
- a single "," that can only mark decimals ("1,5", "0,25", "1 234,5") is an
  ambiguous-number too: a decimal comma is read only when the locale says so,
  or when a "." groups the thousands before it.
- a single "." that cannot group thousands ("1.5", "0.125", "1234.567") is a
  decimal point.

In every locale a space (ordinary, no-break, narrow, thin or figure) or an
apostrophe may group thousands, as neither ever marks decimals; one number
uses one kind of separator, in groups of three (en-IN and hi also accept lakh
groups: 1,23,45,678). A decimal mark must have digits after it (".5" reads,
"5." does not).

Suffixes: k and K are thousands; M and mn millions; bn and B billions. A lone
lowercase "m" is refused: in a KPI column it may as well mean minutes or metres.
"12%" reads as 0.12; a percent sign on money is refused. "$" is read as USD and
"¥" as JPY. A lone dash is an accounting zero; "", "n/a" and "#N/A" are missing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache


class NumberCode(StrEnum):
    BAD_NUMBER = "bad-number"
    AMBIGUOUS_NUMBER = "ambiguous-number"
    UNKNOWN_LOCALE = "unknown-locale"


class NumberProblem(Exception):
    """Text that is not one number: a finding code, a message and its readings."""

    def __init__(
        self, code: NumberCode, message: str, readings: tuple[float, ...] = ()
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.readings = readings


@dataclass(frozen=True, slots=True)
class Amount:
    """A number read from a cell; a number of None means missing, not zero."""

    number: float | None
    currency: str | None = None
    is_percent: bool = False


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """How a locale writes numbers: its decimal mark and thousands separator."""

    decimal: str
    group: str
    lakh: bool = False


_POINT = NumberStyle(".", ",")
_LAKH = NumberStyle(".", ",", lakh=True)
_SWISS = NumberStyle(".", "'")
_COMMA = NumberStyle(",", ".")
_COMMA_SPACE = NumberStyle(",", " ")


def _words(text: str) -> list[str]:
    return text.split()


_POINT_NAMES = _words(
    "en en-us en-gb en-au en-ca en-ie en-nz en-sg ja ja-jp ko ko-kr "
    "zh zh-cn zh-tw zh-hk es-mx es-us"
)
_COMMA_NAMES = _words(
    "de de-de de-at de-be de-lu nl nl-nl nl-be es es-es es-ar es-cl es-co "
    "it it-it pt pt-br da da-dk tr tr-tr id id-id"
)
_COMMA_SPACE_NAMES = _words(
    "fr fr-fr fr-be fr-ca fr-ch pt-pt sv sv-se nb nb-no no fi fi-fi "
    "pl pl-pl cs cs-cz ru ru-ru"
)

# Locale names as Settings accepts them, lowercase with "-"; symbols from CLDR.
LOCALES: dict[str, NumberStyle] = {
    **dict.fromkeys(_POINT_NAMES, _POINT),
    **dict.fromkeys(["en-in", "hi", "hi-in"], _LAKH),
    **dict.fromkeys(["de-ch", "de-li", "it-ch"], _SWISS),
    **dict.fromkeys(_COMMA_NAMES, _COMMA),
    **dict.fromkeys(_COMMA_SPACE_NAMES, _COMMA_SPACE),
}

CURRENCY_SYMBOLS: dict[str, str] = {
    "US$": "USD",
    "R$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
}
CURRENCY_CODES = frozenset(
    _words(
        "USD EUR GBP JPY CHF INR CNY CAD AUD NZD SEK NOK DKK PLN CZK HUF BRL MXN "
        "ZAR SGD HKD KRW TRY ILS AED SAR"
    )
)

_SPACES = "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f"
_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys(_SPACES + "\u205f\u3000", " "),
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
        "\u2212": "-",
        "\u2013": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\uff0b": "+",
        "\u2019": "'",
        "\uff05": "%",
        "\uff08": "(",
        "\uff09": ")",
        "\uff0c": ",",
        "\uff0e": ".",
        "\uff04": "$",
        "\uffe5": "¥",
        "\uffe1": "£",
    }
)
# Web pages paste zero-width and direction marks around numbers.
_EDGES = " \t\n\r\v\f\u200b\u200e\u200f\u2060\ufeff"
_MISSING = frozenset({"", "n/a", "na", "#n/a", "n.a."})
_DASHES = frozenset({"-", "—"})

_SYMBOL = r"US\$|R\$|[$€£¥₹]"
# Prefixes are matched at the start and suffixes searched for at the end, so
# that a long run of spaces costs linear time, not quadratic backtracking.
_PREFIX = re.compile(rf"{_SYMBOL}|[A-Za-z]{{3}}(?![A-Za-z])")
_SUFFIX = re.compile(rf"(?:{_SYMBOL}|(?<![A-Za-z])[A-Za-z]{{3}})\Z")
_SCALE = re.compile(r"(?:k|K|M|[mM][nN]|[bB][nN]|B)\Z")
_POWERS = {"k": 3, "m": 6, "mn": 6, "bn": 9, "b": 9}
_EXPONENT = re.compile(r"(.*[0-9])[eE]([+-]?[0-9]{1,3})", re.DOTALL)
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class _Parts:
    """Cell text taken apart: the digits and separators, and what wraps them."""

    text: str
    body: str
    negative: bool = False
    currency: str | None = None
    is_percent: bool = False
    power: int = 0


def number_style(locale: str) -> NumberStyle | None:
    """The style a Number locale such as "de-DE" or "fr_FR" names; None if empty."""
    key = locale.strip().replace("_", "-").casefold()
    if not key:
        return None

    style = LOCALES.get(key)
    if style is None:
        raise NumberProblem(
            NumberCode.UNKNOWN_LOCALE,
            f"Number locale {locale.strip()!r} is not one goalsheet knows; on the "
            "Settings tab use one such as en, en-IN, de, de-CH, fr, nl, es, it "
            "or pt-BR, or leave it empty.",
        )
    return style


def read_amount(value: object, locale: str = "") -> Amount:
    """A spreadsheet cell's value as an amount, read strictly under a locale."""
    style = number_style(locale)
    if value is None:
        return Amount(None)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _bad(str(value), style, locale)

    if isinstance(value, str):
        return _read_text(value, style, locale)

    try:
        number = float(value)
    except OverflowError:
        raise _bad(str(value), style, locale) from None
    if not math.isfinite(number):
        raise _bad(str(value), style, locale)
    return Amount(number)


def _read_text(value: str, style: NumberStyle | None, locale: str) -> Amount:
    text = value.translate(_TRANSLATION).strip(_EDGES)
    if text.casefold() in _MISSING:
        return Amount(None)

    parts = _take_apart(text)
    mantissa, exponent = _split_exponent(parts.body)
    if exponent is not None and parts.power:
        raise _bad(text, style, locale)
    if style is None and exponent is None:
        _refuse_ambiguous(parts)

    digits = _split_digits(mantissa, style, exponent is not None)
    if digits is None:
        raise _bad(text, style, locale)
    number = _value(parts, *digits, exponent or 0)
    if not math.isfinite(number):
        raise _bad(text, style, locale)
    if style is None and exponent is None and _has_decimal_comma(mantissa):
        raise _decimal_comma(parts, number)
    return Amount(number, parts.currency, parts.is_percent)


def _split_digits(
    body: str, style: NumberStyle | None, scientific: bool
) -> tuple[str, str] | None:
    """The whole and fraction digits of body as style (or no locale) writes it."""
    if scientific:
        return _split(body, style.decimal if style else ".", "", lakh=False)
    if style is not None:
        return _split(body, style.decimal, style.group + " '", style.lakh)

    decimal = _unset_decimal(body)
    group = "," if decimal == "." else "."
    return _split(body, decimal, group + " '", lakh=False)


def _take_apart(text: str) -> _Parts:
    """Peel currency, parentheses, sign, percent and scale off the digits."""
    currency, rest = _peel_currency(text)
    if rest in _DASHES:
        return _Parts(text, "0", currency=currency)

    negative, rest = _peel_parentheses(rest)
    if currency is None:
        currency, rest = _peel_currency(rest)

    # Inside parentheses a sign stays in the body, which then reads as bad.
    sign, rest = ("", rest) if negative else _peel_sign(rest)
    if currency is None:
        currency, rest = _peel_currency(rest)

    is_percent, power, rest = _peel_scale(rest, currency)
    return _Parts(text, rest, negative or sign == "-", currency, is_percent, power)


def _peel_currency(text: str) -> tuple[str | None, str]:
    """A currency symbol or ISO code before or after the text, and what is left."""
    before = _PREFIX.match(text)
    if before and (code := _currency_code(before[0])):
        return code, text[before.end() :].lstrip()

    after = _SUFFIX.search(text)
    if after and (code := _currency_code(after[0])):
        return code, text[: after.start()].rstrip()
    return None, text


def _currency_code(symbol: str) -> str | None:
    code = CURRENCY_SYMBOLS.get(symbol, symbol.upper())
    return code if code in CURRENCY_CODES else None


def _peel_parentheses(text: str) -> tuple[bool, str]:
    """Accounting parentheses around the text, and what is inside them."""
    if not (text.startswith("(") and text.endswith(")")):
        return False, text
    return True, text[1:-1].strip()


def _peel_sign(text: str) -> tuple[str, str]:
    """A leading "+" or "-", or an accounting trailing "-", and what is left."""
    if text[:1] in ("+", "-"):
        return text[0], text[1:].lstrip()
    if text.endswith("-"):
        return "-", text[:-1].rstrip()
    return "", text


def _peel_scale(text: str, currency: str | None) -> tuple[bool, int, str]:
    """A percent sign (never on money) or a k, M or bn suffix, and what is left."""
    if text.endswith("%") and currency is None:
        return True, -2, text[:-1].rstrip()
    if match := _SCALE.search(text):
        return False, _POWERS[match[0].casefold()], text[: match.start()].rstrip()
    return False, 0, text


def _split_exponent(body: str) -> tuple[str, int | None]:
    match = _EXPONENT.fullmatch(body)
    if not match:
        return body, None
    return match[1], int(match[2])


@cache
def _grouped(mark: str, lakh: bool) -> re.Pattern[str]:
    """Whole digits grouped in threes by mark (or, for lakh, twos then three)."""
    mark = re.escape(mark)
    western = rf"[1-9][0-9]{{0,2}}(?:{mark}[0-9]{{3}})+"
    if not lakh:
        return re.compile(western)
    return re.compile(rf"{western}|[1-9][0-9]?(?:{mark}[0-9]{{2}})*{mark}[0-9]{{3}}")


def _split(body: str, decimal: str, groups: str, lakh: bool) -> tuple[str, str] | None:
    """The whole and fraction digits of body, or None if it is not written so."""
    whole, mark, fraction = body.partition(decimal)
    if mark and not _DIGITS.fullmatch(fraction):
        return None
    if not whole:
        return ("", fraction) if mark else None
    if _DIGITS.fullmatch(whole):
        return whole, fraction

    separators = set(whole) - set("0123456789")
    if len(separators) != 1:
        return None
    (separator,) = separators
    if separator not in groups or not _grouped(separator, lakh).fullmatch(whole):
        return None
    return whole.replace(separator, ""), fraction


def _unset_decimal(body: str) -> str:
    """The decimal mark body must use when no locale says which one it is."""
    points, commas = body.count("."), body.count(",")
    if points and commas:
        return "." if body.rfind(".") > body.rfind(",") else ","
    if commas == 1 or points > 1:
        return ","
    return "."


def _has_decimal_comma(body: str) -> bool:
    return body.count(",") == 1 and "." not in body


def _refuse_ambiguous(parts: _Parts) -> None:
    """Raise when one mark could group thousands or mark decimals ("1.234")."""
    body = parts.body
    marks = [char for char in body if char in ".,"]
    if len(marks) != 1 or not _grouped(marks[0], lakh=False).fullmatch(body):
        return

    mark = marks[0]
    whole, _, fraction = body.partition(mark)
    as_grouped = parts.text.replace(body, whole + fraction, 1)
    as_decimal = parts.text.replace(body, f"{whole}.{fraction}", 1)
    kind = "decimal point" if mark == "." else "decimal comma"
    raise NumberProblem(
        NumberCode.AMBIGUOUS_NUMBER,
        f"{parts.text!r} could be {as_grouped} (with {mark} separating thousands) "
        f"or {as_decimal} (with {mark} as a {kind}); set Number locale on the "
        "Settings tab, for example to en or de.",
        readings=(
            _value(parts, whole + fraction, "", 0),
            _value(parts, whole, fraction, 0),
        ),
    )


def _decimal_comma(parts: _Parts, number: float) -> NumberProblem:
    whole, _, fraction = parts.body.partition(",")
    as_point = parts.text.replace(parts.body, f"{whole}.{fraction}", 1)
    return NumberProblem(
        NumberCode.AMBIGUOUS_NUMBER,
        f"{parts.text!r} has a decimal comma, which goalsheet reads only when "
        "Number locale says so; set Number locale on the Settings tab, for "
        f"example to de or fr, or type {as_point}.",
        readings=(number,),
    )


def _value(parts: _Parts, whole: str, fraction: str, exponent: int) -> float:
    """The exact decimal the digits spell, rounded once to the nearest float."""
    digits = (whole + fraction).lstrip("0") or "0"
    power = exponent - len(fraction) + parts.power
    exact = Decimal((int(parts.negative), tuple(map(int, digits)), power))
    # Adding 0.0 turns the -0.0 of "(0)" or "-0" into a plain 0.0.
    return float(exact) + 0.0


def _bad(text: str, style: NumberStyle | None, locale: str) -> NumberProblem:
    decimal, group = (style.decimal, style.group) if style else (".", ",")
    where = f" as Number locale {locale.strip()} writes numbers" if style else ""
    return NumberProblem(
        NumberCode.BAD_NUMBER,
        f"{text!r} is not a number{where}; type one such as "
        f"1{group}234{decimal}50, -12%, (1{group}234) or $1{decimal}2M.",
    )
