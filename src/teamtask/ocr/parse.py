"""Tolerant parsers for the values printed on Russian business documents.

They take OCR text, which is noisy by nature, and either return a normalized value or None.
They never raise on arbitrary input (a property test holds them to that).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from .found import ORG

# Any kind of quote a document or OCR may produce; names are printed with plain ".
QUOTES = "\"'«»“”„‟‘’‚‛`´″〝〞＂"
_QUOTE_RE = re.compile("[" + re.escape(QUOTES) + "]")

# Characters OCR reads in place of a digit (the checksum repairs try exactly these).
CONFUSIONS: dict[str, str] = {
    "O": "0",
    "o": "0",
    "О": "0",
    "о": "0",
    "D": "0",
    "Q": "0",
    "З": "3",
    "з": "3",
    "б": "6",
    "Б": "6",
    "G": "6",
    "В": "8",
    "B": "8",
    "l": "1",
    "I": "1",
    "|": "1",
    "i": "1",
    "!": "1",
    "L": "1",
    "І": "1",
    "S": "5",
    "s": "5",
    "Z": "2",
    "z": "2",
    "Ч": "4",
    "ч": "4",
    "T": "7",
    "Т": "7",
    "g": "9",
    "q": "9",
}
# In a field that can hold only digits these letters are read as the digit they resemble:
# the checksum repairs' confusion table, plus "A" for 4, which a repair must not try.
DIGIT_LOOKALIKES = str.maketrans({**CONFUSIONS, "A": "4"})

# Latin letters that look like Cyrillic ones (and back) in codes such as a КПП reason code.
LATIN_TO_CYR = str.maketrans("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху")
CYR_TO_LATIN = str.maketrans("АВСЕНКМОРТХасеорху", "ABCEHKMOPTXaceopxy")

MONTHS = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "мая": 5,
    "май": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
}


def fold(text: str) -> str:
    """Lower-case, ё→е, Latin look-alikes → Cyrillic, single spaces: the form keywords match."""
    text = text.lower().replace("ё", "е").translate(LATIN_TO_CYR)
    return re.sub(r"\s+", " ", text).strip()


def clean_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def digits_only(text: str) -> str:
    """Read a code field: look-alike letters become digits, everything else is dropped."""
    return re.sub(r"\D", "", text.translate(DIGIT_LOOKALIKES))


_NUM_CHARS = re.compile(r"[^0-9.,\-]")


_GROUP_HEAD = re.compile(r"\d{1,3}")
_GROUP = re.compile(r"\d{3}")
_GROUP_LAST = re.compile(r"\d{3}(?:[.,]\d{1,3})?")


def digit_groups(parts: Sequence[str]) -> bool:
    """Whether readings are the digit groups of one amount, read as words of their own
    ("82" "185,05", "1" "306,00"): one to three digits, then threes, the last with the
    decimals, if any."""
    return (
        len(parts) > 1
        and _GROUP_HEAD.fullmatch(parts[0]) is not None
        and all(_GROUP.fullmatch(p) for p in parts[1:-1])
        and _GROUP_LAST.fullmatch(parts[-1]) is not None
    )


def parse_decimal(text: str) -> Decimal | None:
    """'3 500,00', '3.500,00', '1,234.56', '3500-00', '12' → Decimal; None when not a number."""
    if not text or len(text) > 60:
        return None
    s = text.replace("\u00a0", " ").strip()
    s = re.sub(r"(?i)\s*(руб\.?|р\.|₽|rub)\s*$", "", s)
    # OCR reads 0 as O inside numbers; only translate when the rest is clearly numeric.
    if re.fullmatch(r"[\dOoОо\s.,\-]+", s) and re.search(r"\d", s):
        s = s.translate(str.maketrans("OoОо", "0000"))
    if re.fullmatch(r"\d{1,3}(?: \d{3})* \d{2}", s):
        # "959 724 80": OCR lost the decimal comma; a last group of two digits is kopecks.
        s = s[:-3] + "." + s[-2:]
    s = s.replace(" ", "").strip(".,")
    if re.fullmatch(r"\d+-\d\d", s):  # 3500-00: roubles-kopecks
        s = s.replace("-", ".")
    if not s or _NUM_CHARS.search(s) or "-" in s or not s[0].isdigit():
        return None
    if "," in s and "." in s:
        # Both present: the last one is the decimal separator, the other groups thousands.
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        # Russian documents write a decimal comma (also "1,500" kg); several mean grouping.
        s = s.replace(",", "") if s.count(",") > 1 else s.replace(",", ".")
    if s.count(".") > 1:
        # Dots grouping thousands: every inner group has exactly three digits.
        parts = s.split(".")
        if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:-1])):
            return None
        tail = parts[-1]
        s = "".join(parts[:-1]) + (tail if len(tail) == 3 else "." + tail)
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > Decimal("1e13"):
        return None
    return value


def format_money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def format_quantity(value: Decimal) -> str:
    """Quantities are printed without trailing zeros: 3, 2.5, 0.125."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def parse_money(text: str) -> str | None:
    value = parse_decimal(text)
    return format_money(value) if value is not None else None


def parse_quantity(text: str, *, cell: bool = False) -> str | None:
    """A quantity; in a quantity cell, where only a number can stand, letters that look like
    digits are read as digits ("З" is 3)."""
    if cell and re.fullmatch(r"[\dЗзOoОоlI|б\s.,]+", text):
        text = text.translate(DIGIT_LOOKALIKES)
    value = parse_decimal(text)
    return format_quantity(value) if value is not None else None


# The second separator may be lost by OCR ("05.05 2026") when a four-digit year follows.
_DATE_NUM = re.compile(
    r"(?<!\d)(\d{1,2})\s?[./\-]\s?(\d{1,2})(?:\s?[./\-]\s?(\d{4}|\d{2})|\s(\d{4}))(?!\d)"
)
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# The day may come back as the letters digits are read as («ОЗ» мая, «Об» августа) or a
# serif 1 as a bracket («1]» февраля): in a day before a month's name they are digits.
_DAY_LOOKALIKES = str.maketrans({**CONFUSIONS, "]": "1"})
_DAY_SIGN = "[\\d" + re.escape("".join(CONFUSIONS)) + "\\]]"
_DATE_WORD = re.compile(
    rf"(?<![\dА-Яа-яЁё])[\"«“„']?\s?({_DAY_SIGN}{{1,2}})\s?[\"»”“']?\s+([а-яё]{{3,9}})\.?\s+"
    r"(\d{4})(?!\d)",
    re.IGNORECASE,
)


def _make_date(y: int, m: int, d: int) -> date | None:
    if y < 100:
        y += 2000
    if not 1990 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def month_number(word: str) -> int | None:
    w = fold(word).translate(CYR_TO_LATIN).translate(LATIN_TO_CYR)
    return MONTHS.get(w[:3])


def find_dates(text: str) -> list[tuple[int, date]]:
    """All dates in a text with their positions, in order of appearance."""
    found: list[tuple[int, date]] = []
    if len(text) > 100_000:
        text = text[:100_000]
    for m in _DATE_ISO.finditer(text):
        d = _make_date(int(m[1]), int(m[2]), int(m[3]))
        if d:
            found.append((m.start(), d))
    for m in _DATE_NUM.finditer(text):
        d = _make_date(int(m[3] or m[4]), int(m[2]), int(m[1]))
        if d:
            found.append((m.start(), d))
    for m in _DATE_WORD.finditer(text):
        month = month_number(m[2])
        day = m[1].translate(_DAY_LOOKALIKES)
        # A day of letters alone is a day only in quotes: "В мая 2026" is no date.
        quoted = "«" in m[0] or '"' in m[0]
        if month and day.isdigit() and (day == m[1] or not m[1].isalpha() or quoted):
            d = _make_date(int(m[3]), month, int(day))
            if d:
                found.append((m.start(), d))
    found.sort(key=lambda p: p[0])
    return found


def parse_date(text: str) -> str | None:
    """The first date in a text as YYYY-MM-DD."""
    dates = find_dates(text)
    return dates[0][1].isoformat() if dates else None


# Legal forms: the abbreviations OCR garbles (ООО read as 000/OOO) and the full spellings.
_FORM_FIX = [
    (re.compile(r"^(?:[0OoО]{3})(?=[\s\"«“„'])"), "ООО"),
    (re.compile(r"^[ПпNn][AАaа][0OoОСс](?=[\s\"«“„'])"), "ПАО"),
    (re.compile(r"^[3ЗзZ][AАaа][0OoО](?=[\s\"«“„'])"), "ЗАО"),
    (re.compile(r"^[0OoО][AАaа][0OoО](?=[\s\"«“„'])"), "ОАО"),
    (re.compile(r"^[AАaа][0OoО](?=[\s\"«“„'])"), "АО"),
    (re.compile(r"^[ИиNn][ПпN](?=\s)"), "ИП"),
]


def normalize_legal_form(name: str) -> str:
    for pattern, repl in _FORM_FIX:
        name = pattern.sub(repl, name, count=1)
    return name


_AFTER_LEGAL_FORM = re.compile(rf'^({ORG})\s+(?=[^"\s])', re.IGNORECASE)


def normalize_name(raw: str) -> str | None:
    """`ооо «Ромашка»,` → `ООО "Ромашка"`; quotes of any kind become plain double quotes."""
    s = clean_spaces(raw)
    s = _QUOTE_RE.sub('"', s)
    # A УПД prints each line's code after its value: "(2)", "(2а)", "(6б)".
    s = re.sub(r"\s*[({]\d{1,2}[а-яa-z]?\)$", "", s)
    s = s.strip(" ,;:-_")
    # A trailing dot is punctuation unless it closes an initial (ИП Иванов И.И.).
    if s.endswith(".") and not re.search(r"(?:^|[\s.])[А-ЯЁA-Z]\.$", s):
        s = s[:-1]
    s = normalize_legal_form(s)
    # An open quote read twice or beside a speck ("'), three quotes in all: one.
    if s.count('"') == 3:
        s = re.sub(r'(?<=\s)""(?=\w)', '"', s, count=1)
    # A word of look-alike letters inside a Russian name is Cyrillic (OCR mixes scripts);
    # "(NAO)" is ПАО read with a Latin N.
    s = re.sub(r"(?<![\w])[NП][AА][OО0](?![\w])", "ПАО", canon_text(s))
    # Put a lone opening quote's pair back when OCR lost the closing one.
    if s.count('"') == 1 and not s.endswith('"'):
        s += '"'
    # And a lone closing quote's, after the legal form, when OCR lost the opening one.
    elif s.count('"') == 1:
        s = _AFTER_LEGAL_FORM.sub(r'\1 "', s)
    s = re.sub(r'\s+"$', '"', s)
    s = re.sub(r'"\s+(?=[^"]*"$)', '"', s, count=1) if s.count('"') == 2 else s
    return s or None


# Look-alike letters: Latin → Cyrillic and back, for words made only of them.
_LOOK_LAT = "ABCEHKMOPTXYaceopxy"
_LOOK_CYR = "АВСЕНКМОРТХУасеорху"
_TO_CYR = str.maketrans(_LOOK_LAT, _LOOK_CYR)
LOOKALIKE_TO_LATIN = str.maketrans(_LOOK_CYR, _LOOK_LAT)


def fold_lookalikes(text: str) -> str:
    """One spelling for readings that differ only in case or in look-alike letters."""
    return text.upper().translate(LOOKALIKE_TO_LATIN)


LOOKALIKES = set(_LOOK_LAT + _LOOK_CYR)


def _script_fix(token: str, prefer_latin: bool) -> str:
    letters = [c for c in token if c.isalpha()]
    if not letters:
        return token
    own_cyr = any(c not in LOOKALIKES and "\u0400" <= c <= "\u04ff" for c in letters)
    own_lat = any(c not in LOOKALIKES and c.isascii() for c in letters)
    if own_cyr and not own_lat:
        return token.translate(_TO_CYR)
    if own_lat and not own_cyr:
        return token.translate(LOOKALIKE_TO_LATIN)
    if own_cyr or own_lat:
        return token  # genuinely mixed: leave as read
    return token.translate(LOOKALIKE_TO_LATIN if prefer_latin else _TO_CYR)


def _open_paren_c(token: str, text: str, letter: str) -> str:
    """A token opening with a parenthesis nothing in `text` closes: a C read as "(" (the
    same arc) before a code's letters or a word's lower case; a speck before a word that
    has its capital."""
    if not token.startswith("(") or len(token) < 2 or text.count("(") <= text.count(")"):
        return token
    if not token[1].isalpha():
        return token
    if letter == "С" and token[1].isupper():
        return token[1:]  # "(Стяжка …"
    return letter + token[1:]


def canon_code(text: str) -> str:
    """An article or code: look-alike letters are one script per token (Latin if unclear);
    "$" in a code is an S, an unclosed "(" before its letters a C."""
    # A code's hyphen is not spaced: OCR boxes "ЛИ-19" apart as "ЛИ -19"; a dash apart
    # after a code is a rule's remnant or the next cell's "—" ("NB-1556 -").
    text = re.sub(r"(?<=\w)\s+-(?=\d)|(?<=\w)-\s+(?=\d)", "-", text)
    # Nor a code's letters and digits a space apart after a stop or a colon: its hyphen
    # read as one ("CY. 48", "ПН: -50" for "CY-48", "ПН-50").
    text = re.sub(r"(?<=[^\W\d_])[.:]\s+-?(?=\d)", "-", text)
    text = re.sub(r"(?<=\w)\s+[-–—]+$", "", text)
    tokens = text.split()
    return " ".join(
        _script_fix(_open_paren_c(t, text, "C").replace("$", "S"), True) for t in tokens
    )


# Units of measure inside names, after a number: OCR cannot tell М from м or Т from т.
_MEASURES = {
    "мм": "мм",
    "см": "см",
    "м": "м",
    "км": "км",
    "кг": "кг",
    "г": "г",
    "л": "л",
    "мл": "мл",
    "вт": "Вт",
    "квт": "кВт",
    "в": "В",
    "т": "т",
    "шт": "шт",
    "м2": "м2",
    "м3": "м3",
    "гб": "ГБ",
    "мб": "МБ",
}


_DIMENSION_X = re.compile(r"(?<=\d)[xXхХ×](?=\d)")


# Russian abbreviations are cut before a vowel (шт., пач., ул.), so a full stop after a
# word that ends in one, inside a phrase, is no abbreviation's.
_SPECK_STOP = re.compile(r"^[а-яёА-ЯЁ]{2,}[аеёиоуыэюяАЕЁИОУЫЭЮЯ]\.$")


_NUMBER_SIGN = re.compile(r"^N[oо°](?=\d)")


def canon_text(text: str) -> str:
    """Russian text: a token of look-alike letters only is read as Cyrillic, a unit of
    measure after a number gets its usual case (75 мм, 36 Вт), a full stop no
    abbreviation could have inside a phrase is dropped, a "$" among Latin letters is the S
    it was printed as, and a round bracket is closed by a round one."""
    out: list[str] = []
    tokens = text.split()
    for k, t in enumerate(tokens):
        if k == 0:  # a name opens with a letter; inside one, "(" may be closed on a lost line
            t = _open_paren_c(t, text, "С")
        t = _script_fix(t, False)
        if _SPECK_STOP.match(t) and k + 1 < len(tokens) and tokens[k + 1][:1].islower():
            t = t[:-1]  # "Вода. питьевая": a speck read as a full stop
        # Dimensions (57х3,5, 3х2,5): OCR cannot tell х, x, X, Х or × apart between digits.
        t = _DIMENSION_X.sub("х", t)
        # The number sign read as the letters it is made of ("No24/6" for "№24/6"): Russian
        # text writes no "No" before a number.
        t = _NUMBER_SIGN.sub("№", t)
        # The English model's S in a Latin word read as "$" ("ВВГнг-L$"), as in codes.
        if "$" in t and re.search(r"[A-Za-z]", t):
            t = t.replace("$", "S")
        core = t.rstrip(".,;")
        if out and re.search(r"\d$", out[-1]) and core.lower() in _MEASURES:
            t = _MEASURES[core.lower()] + t[len(core) :]
        out.append(t)
    return _closed_by_its_bracket(" ".join(out))


def _closed_by_its_bracket(text: str) -> str:
    """A round bracket the text opened, closed by a brace or a square bracket (a bracket's
    thin curve misread: "(4 шт.}"): the round bracket."""
    out, open_ = [], 0
    for c in text:
        if c == "(":
            open_ += 1
        elif c == ")":
            open_ = max(0, open_ - 1)
        elif c in "}]" and open_:
            open_ -= 1
            c = ")"
        out.append(c)
    return "".join(out)


# What a unit's letter may really be when Tesseract (with the English model loaded) reads it.
_UNIT_READS: dict[str, str] = {
    "a": "а",
    "c": "с",
    "e": "е",
    "o": "о",
    "p": "р",
    "x": "х",
    "y": "у",
    "k": "к",
    "m": "м",
    "n": "п",
    "w": "ш",
    "u": "иш",
    "t": "тг",
    "r": "г",
    "i": "г",
    "b": "в",
    "h": "н",
    "l": "л",
    "г": "гт",
    "т": "тг",
    "и": "иш",
    "ш": "ш",
    "п": "пл",
}
UNITS = {
    "шт",
    "м",
    "кг",
    "г",
    "т",
    "л",
    "мл",
    "м2",
    "м3",
    "км",
    "пог.м",
    "упак",
    "уп",
    "пач",
    "компл",
    "к-т",
    "комп",
    "усл",
    "услуга",
    "час",
    "ч",
    "мес",
    "дн",
    "день",
    "пар",
    "меш",
    "рул",
    "лист",
    "ед",
    "бут",
    "кор",
    "ящ",
    "рейс",
    "смена",
    "чел",
    "кв.м",
    "куб.м",
    "стр",
    "экз",
}


def canon_unit(text: str) -> str | None:
    """Units are a short closed list, in lower case; OCR reads шт as WT/LUT, кг as KI/kt.

    Every letter is expanded to what it may really be; a reading is accepted only when
    exactly one unit of the list comes out.
    """
    t = text.strip().strip("|[]'`_—-").lower()
    if not t:
        return None
    # Ш's three stems read as two letters: "LUT", "llT", "тит", "WIT", or "шит".
    for pair in ("lu", "ll", "ти", "wi", "ши"):
        t = t.replace(pair, "ш")
    if t in UNITS or t.rstrip(".") in UNITS:
        return t.rstrip(".") if t not in UNITS else t
    core = t.rstrip(".")
    if len(core) > 6:
        return t
    options = [_UNIT_READS.get(ch, ch) for ch in core]
    found = {"".join(p) for p in itertools.product(*options)} & UNITS
    return found.pop() if len(found) == 1 else t
