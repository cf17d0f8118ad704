"""Result types of the recognition engine and their JSON contract.

Everything here is plain data: the CLI renders it, `fill.py` maps it onto form fields, the
tests compare it with ground truth. The JSON shape is the one promised in issue 7.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

DOC_TYPES = ("invoice", "waybill", "upd", "contract", "act", "unknown")

# Order matters only for display: header first, parties, bank, money.
FIELD_KEYS = (
    "number",
    "date",
    "supplier_name",
    "supplier_inn",
    "supplier_kpp",
    "buyer_name",
    "buyer_inn",
    "buyer_kpp",
    "bank_name",
    "bik",
    "account",
    "corr_account",
    "contract_term",
    "total",
    "vat",
    "vat_rate",
)

ITEM_KEYS = ("name", "article", "quantity", "unit", "price", "amount")


@dataclass
class Field:
    value: str | None
    confidence: float = 1.0
    valid: bool | None = None

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "confidence": round(self.confidence, 3), "valid": self.valid}


@dataclass
class Item:
    name: str | None = None
    article: str | None = None
    quantity: str | None = None
    unit: str | None = None
    price: str | None = None
    amount: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {k: getattr(self, k) for k in ITEM_KEYS}


@dataclass
class Mark:
    """Presence of a stamp or a signature; absence is a fact, not an error."""

    present: bool = False
    confidence: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"present": self.present, "confidence": round(self.confidence, 3)}


@dataclass
class Document:
    file: str
    pages: int = 0
    seconds: float = 0.0
    doc_type: str = "unknown"
    fields: dict[str, Field] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    signature: Mark = field(default_factory=Mark)
    stamp: Mark = field(default_factory=Mark)
    warnings: list[str] = field(default_factory=list)
    # Set when the file could not be read at all (CLI exit code 2); not part of the contract.
    error: str | None = None
    # Per-page processing times, for the benchmark; not part of the contract either.
    page_seconds: list[float] = field(default_factory=list)

    def value(self, key: str) -> str | None:
        f = self.fields.get(key)
        return f.value if f else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "doc_type": self.doc_type,
            "fields": {
                k: self.fields[k].to_json()
                for k in FIELD_KEYS
                if k in self.fields and self.fields[k].value is not None
            },
            "items": [it.to_json() for it in self.items],
            "signature": self.signature.to_json(),
            "stamp": self.stamp.to_json(),
            "warnings": list(self.warnings),
        }
        if self.error is not None:
            out["error"] = self.error
        return out

    def to_json_line(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)
