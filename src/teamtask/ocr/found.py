"""What extraction finds: values with their place in the text, parties, and the vocabulary
shared by the extractors (legal forms, party roles, labels)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ORG = (
    # with the usual misreads: 000 for ООО, NAO/ПАС for ПАО
    r"(?:ооо|ао|[пn]а[ос0]|зао|оао|нао|[0о]{3}|[0о]ао|ип|ано|нко|фгуп|муп|гуп|тоо"
    r"|общество\s+с\s+ограниченной\s+ответственностью|акционерное\s+общество"
    r"|публичное\s+акционерное\s+общество|закрытое\s+акционерное\s+общество"
    r"|индивидуальный\s+предприниматель)"
)
QUOTE_OPEN = "\"'«“„‘‟"
QUOTE_CLOSE = "\"'»”“’‟"
NUM_SIGN = r"(?:№|n[оe°º]?|н[оo](?=\s*\d)|n2|ne)"

# Stems, not words: OCR garbles endings (Плательцик, Покупатеть) more than beginnings;
# д and л pass for each other (Пролавец); a П comes back as Н or Т (Тоставщик).
SUPPLIER = r"[пнт]оставщ|про[дл]ав[еe]ц|исполнит|подрядч|арендодат|лицензиар|получат"
BUYER = r"покупат|заказч|плательщ|плательц|плател|арендатор|лицензиат"
FALLBACK = {"supplier": r"грузоотправ", "buyer": r"грузополуч"}
# A heading's п and н pass for each other ("Покунатель", "Ноставщик").
SUPPLIER_HEAD = r"испол|[пн]остав|[пн]ро[дл]ав|[пн]одряд|арендод|лиценз"
BUYER_HEAD = r"заказ|[пн]оку[пн]|[пн]лател|арендат"


def first_letter_lost(role: str) -> str:
    """A role's label whose first letter the reader took for a rule's remnant ("|лательщик"
    for "Плательщик" on a noisy scan, "[лательщик" at 200 dpi), for two signs ("1юоставщик"
    for a centred "Поставщик") or lost altogether (a held-out ТОРГ-12's "лательщик" at its
    line's start): up to two signs, then the rest of a long enough label (no Russian word
    starts or ends so)."""
    tails = [re.sub(r"^(?:\[[^\]]*\]|.)", "", r) for r in role.split("|")]
    return "|".join(rf"\S{{0,2}}{t}" for t in tails if len(t) >= 5)


_ROLES_LOST = first_letter_lost(f"{SUPPLIER}|{BUYER}")
LABEL_STOP = re.compile(
    rf"^\W{{0,3}}({SUPPLIER}|{BUYER}|{_ROLES_LOST}"
    r"|грузо|основание|счет|акт|договор|адрес|№|итог|всего"
    r"|наимен|банк|бик|инн|кпп|р/с|к/с|сч\.|исправлени|к\s+платеж|валюта|статус)"
)


@dataclass
class Found:
    value: str
    start: int
    end: int
    conf: float = 1.0


@dataclass
class Party:
    name: Found | None = None
    inn: Found | None = None
    kpp: Found | None = None
    text: str = ""
    span: tuple[int, int] | None = None  # where its section lies in the document text


@dataclass
class Extracted:
    doc_type: str = "unknown"
    values: dict[str, Found] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    title_pos: int = 0  # where the document's title line starts in the text
