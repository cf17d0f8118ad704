"""Map a recognized Document onto the `invoice` form's fields, and say what to check.

Pure functions: the filling itself (which fields a person already set, history, comments)
belongs to the services layer; this only says what the scan contains.
"""

from __future__ import annotations

from .document import FIELD_KEYS, Document

LOW_CONFIDENCE = 0.6

FORM_KEYS = ("doc_type", *FIELD_KEYS, "items", "has_signature", "has_stamp")


def form_values(document: Document) -> dict[str, object]:
    """Every key of the invoice form; None where the scan did not show the value."""
    values: dict[str, object] = {"doc_type": document.doc_type}
    for key in FIELD_KEYS:
        values[key] = document.value(key)
    values["items"] = [item.to_json() for item in document.items]
    values["has_signature"] = document.signature.present
    values["has_stamp"] = document.stamp.present
    return values


def review_notes(document: Document) -> list[str]:
    """Lines for an internal comment: what a person should look at before trusting it."""
    notes: list[str] = []
    for key in FIELD_KEYS:
        field = document.fields.get(key)
        if field is None or field.value is None:
            continue
        if field.valid is False:
            notes.append(f"{key} = {field.value}: failed its check")
        elif field.confidence < LOW_CONFIDENCE:
            notes.append(f"{key} = {field.value}: low confidence ({field.confidence:.2f})")
    for warning in document.warnings:
        line = f"warning: {warning}"
        if line not in notes:
            notes.append(line)
    if document.doc_type == "unknown":
        notes.append("document type not recognized")
    return notes
