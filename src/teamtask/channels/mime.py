"""Turn the raw bytes of one email into plain values the poller can store.

The mailbox is full of mail nobody tested: raw 8-bit cp1251 and koi8-r headers, charsets that do
not exist, MIME cut in half, base64 that is not. `parse_message` therefore never raises on bytes:
what it cannot read it records in `defects`, and what must not become a task it names in
`problem`. Only input that is not a mail at all raises `UnparseableMessage`, which the poller
quarantines. The MIME tree comes from the stdlib parser with the compat32 policy: it is the most
lenient one (policy.default parses headers lazily and may raise on access), and headers are
decoded here from the raw values so that 8-bit bytes can be recovered rather than lost.
"""

from __future__ import annotations

import binascii
import codecs
import hashlib
import html as html_lib
import math
import mimetypes
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import errors as email_errors
from email import header as email_header
from email import message_from_bytes
from email import policy as email_policy
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from teamtask.channels.autoreply import LOOP_HEADER, AutoKind, classify

__all__ = [
    "Attachment",
    "ParsedMail",
    "UnparseableMessage",
    "clean_text",
    "decode_bytes",
    "decode_header_value",
    "guess_decode",
    "html_to_text",
    "normalize_message_id",
    "parse_message",
    "sanitize_filename",
    "strip_quoted",
]

MAX_MIME_DEPTH = 64  # deeper parts are ignored (and noted); real mail nests 3-5 levels
MAX_HEADER_CHARS = 8192  # display headers are cut before decoding: bounds the regex work
MAX_REFERENCES = 100
MAX_DEFECTS = 50
HEADER_SCAN_BYTES = 4 * 1024 * 1024  # where to look for the end of the header of oversize mail

KEPT_HEADERS = (
    "From", "Sender", "Reply-To", "To", "Cc", "Date", "Subject", "Message-ID", "In-Reply-To",
    "References", "Return-Path", "Auto-Submitted", "Precedence", "X-Auto-Response-Suppress",
    "X-Loop", LOOP_HEADER, "List-Id", "X-Mailer", "User-Agent", "Content-Type",
)  # fmt: skip
_KEPT = {name.lower() for name in KEPT_HEADERS}
_KEPT_VALUE_CHARS = 2000

_MESSAGE_ID = re.compile(r"<([^<>\s]{1,900})>")
_BOUNCED_ID_LINE = re.compile(r"^\s*Message-ID:\s*(<[^<>\s]{1,900}>)", re.IGNORECASE | re.MULTILINE)


class UnparseableMessage(Exception):
    """The bytes are not an email at all (empty, or not a single header field)."""


@dataclass(frozen=True)
class Attachment:
    filename: str  # safe to use as a file name: no directories, no control characters
    content_type: str
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class ParsedMail:
    message_id: str | None  # `<id@host>`; None when missing or unusable
    in_reply_to: str | None
    references: tuple[str, ...]
    from_address: str | None  # lowercased
    from_name: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str  # "" when missing
    date: datetime | None  # timezone-aware
    text: str  # readable body: text/plain, or HTML converted
    text_without_quotes: str  # new text only: quoted history and signature removed; may be ""
    attachments: tuple[Attachment, ...]
    headers: tuple[tuple[str, str], ...]  # selected original headers, decoded, for reference
    sha256: str
    size: int
    auto: AutoKind | None = None
    auto_reason: str | None = None
    bounce_message_ids: tuple[str, ...] = ()
    bounce_action: str | None = None  # DSN Action of the first recipient: failed, delayed, ...
    bounce_reason: str | None = None  # DSN Status and Diagnostic-Code, for the outbox error
    is_ours: bool = False
    defects: tuple[str, ...] = ()
    problem: str | None = None  # why this must not become a task as is (poller quarantines)

    @property
    def dedupe_key(self) -> str:
        """Message-ID, or the content hash for mail that has none."""
        return self.message_id or f"sha256:{self.sha256}"

    @property
    def title(self) -> str:
        """A task title: the subject, else the first line of new text."""
        if self.subject.strip():
            return self.subject.strip()
        for line in self.text_without_quotes.splitlines():
            if line.strip():
                return line.strip()[:120]
        return "(no subject)"


def normalize_message_id(value: str | None) -> str | None:
    """`<id@host>` from a Message-ID-like header value; bare ids get their brackets back."""
    if not value:
        return None
    value = clean_line(_recover_8bit(value))  # ids are ASCII; garbage must still be storable
    match = _MESSAGE_ID.search(value)
    if match:
        return f"<{match.group(1)}>"
    bare = value.strip().split()
    if not bare:
        return None
    token = bare[0].strip("<>")[:900]
    return f"<{token}>" if token and "<" not in token and ">" not in token else None


def parse_message(raw: bytes, *, max_bytes: int | None = None) -> ParsedMail:
    """Parse one message; see the module docstring for the contract."""
    raw = bytes(raw)
    if not raw.strip():
        raise UnparseableMessage("empty message")
    digest = hashlib.sha256(raw).hexdigest()
    if max_bytes is not None and len(raw) > max_bytes:
        # Keep the body out of memory-heavy parsing; the headers still identify the message.
        headers_only = _parse_tree(_header_block(raw), headers_only=True)
        problem = f"message too large: {len(raw)} bytes, limit {max_bytes}"
        return _build(headers_only, raw, digest, problem=problem, with_body=False)
    try:
        return _build(_parse_tree(raw), raw, digest)
    except UnparseableMessage:
        raise
    except Exception as exc:  # a mailbox must never be blocked by one message
        # RecursionError (absurd nesting), or a stdlib corner case: keep what the headers say
        # and let the poller quarantine the message with the reason.
        try:
            headers_only = _parse_tree(_header_block(raw), headers_only=True)
            return _build(
                headers_only,
                raw,
                digest,
                problem=f"unreadable MIME structure: {exc!r}"[:300],
                with_body=False,
            )
        except UnparseableMessage:
            raise
        except Exception as again:
            raise UnparseableMessage(f"cannot parse: {again!r}") from exc


def _parse_tree(raw: bytes, *, headers_only: bool = False) -> Message:
    if headers_only:
        message = BytesParser(policy=email_policy.compat32).parsebytes(raw, headersonly=True)
    else:
        message = message_from_bytes(raw, policy=email_policy.compat32)
    if not message.keys():
        raise UnparseableMessage("no header fields")
    return message


def _header_block(raw: bytes) -> bytes:
    head = raw[:HEADER_SCAN_BYTES]
    end = re.search(rb"\r?\n\r?\n", head)
    return head[: end.start()] + b"\r\n" if end else head


def _raw_header(message: Message, name: str) -> str | None:
    """The first raw value of a header: 8-bit bytes still escaped as surrogates."""
    wanted = name.lower()
    for key, value in message.raw_items():
        if key.lower() == wanted:
            return value if isinstance(value, str) else str(value)
    return None


def _display(message: Message, name: str) -> str:
    value = _raw_header(message, name)
    return decode_header_value(value[:MAX_HEADER_CHARS]) if value else ""


def _addresses(message: Message, name: str) -> list[tuple[str, str]]:
    """(display name, lowercased address) pairs; encoded words are decoded after splitting so
    that a decoded comma or `<` in a name cannot break the address list apart."""
    value = _raw_header(message, name)
    if not value:
        return []
    recovered = decode_header_value(value[:MAX_HEADER_CHARS], encoded_words=False)
    pairs = []
    for display, address in getaddresses([recovered]):
        address = clean_line(address).strip().lower()
        if "@" in address and " " not in address:
            pairs.append((decode_header_value(display), address))
    return pairs


def _sender(message: Message, defects: list[str]) -> tuple[str | None, str | None]:
    for name in ("From", "Sender", "Reply-To", "Return-Path"):
        pairs = _addresses(message, name)
        if pairs:
            if name != "From":
                defects.append(f"no usable From; sender taken from {name}")
            display, address = pairs[0]
            return address, display or None
    return None, None


def _date(message: Message, defects: list[str]) -> datetime | None:
    value = _raw_header(message, "Date")
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(clean_line(value))
    except (TypeError, ValueError, OverflowError, IndexError):
        defects.append("unreadable Date header")
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _references(message: Message) -> tuple[str, ...]:
    value = clean_line(_recover_8bit(_raw_header(message, "References") or ""))
    ids = [f"<{found}>" for found in _MESSAGE_ID.findall(value)]
    if len(ids) > MAX_REFERENCES:  # keep the thread root and the nearest ancestors
        ids = ids[:1] + ids[-(MAX_REFERENCES - 1) :]
    return tuple(ids)


def _kept_headers(message: Message) -> tuple[tuple[str, str], ...]:
    kept = []
    for name, value in message.raw_items():
        if name.lower() in _KEPT:
            text = decode_header_value(str(value)[:MAX_HEADER_CHARS])
            kept.append((clean_line(name), text[:_KEPT_VALUE_CHARS]))
    return tuple(kept)


@dataclass
class _Body:
    """What a walk over the MIME tree collects."""

    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    bounce_ids: list[str] = field(default_factory=list)
    bounce_action: str | None = None
    bounce_reason: str | None = None
    defects: list[str] = field(default_factory=list)

    def absorb(self, other: _Body, *, texts: bool) -> None:
        if texts:
            self.plain += other.plain
            self.html += other.html
        self.attachments += other.attachments
        self.bounce_ids += other.bounce_ids
        self.bounce_action = self.bounce_action or other.bounce_action
        self.bounce_reason = self.bounce_reason or other.bounce_reason
        self.defects += other.defects


def _walk(part: Message, depth: int, body: _Body, *, in_report: bool = False) -> None:
    if depth > MAX_MIME_DEPTH:
        body.defects.append(f"MIME nesting deeper than {MAX_MIME_DEPTH}; inner parts ignored")
        return
    try:
        content_type = clean_line(part.get_content_type())  # 8-bit garbage is possible here
        if content_type == "message/rfc822" or content_type == "text/rfc822-headers":
            _attached_message(part, content_type, body, in_report=in_report)
        elif content_type == "message/delivery-status":
            _delivery_status(part, body)
        elif part.is_multipart():
            children = [child for child in part.get_payload() if isinstance(child, Message)]
            report = in_report or content_type == "multipart/report"
            if content_type == "multipart/alternative":
                _alternative(children, depth, body, in_report=report)
            else:
                for child in children:
                    _walk(child, depth + 1, body, in_report=report)
        else:
            _leaf(part, content_type, body)
    except Exception as exc:  # one broken part must not cost the rest
        body.defects.append(f"unreadable MIME part: {exc!r}"[:200])


def _alternative(children: list[Message], depth: int, body: _Body, *, in_report: bool) -> None:
    """Keep the text of one alternative (plain preferred) but the files of all of them:
    Thunderbird puts pasted screenshots only inside the HTML branch (multipart/related)."""
    walked = []
    for child in children:
        sub = _Body()
        _walk(child, depth + 1, sub, in_report=in_report)
        walked.append(sub)
    chosen = next((sub for sub in walked if sub.plain), None)
    chosen = chosen or next((sub for sub in walked if sub.html), None)
    for sub in walked:
        body.absorb(sub, texts=sub is chosen)


def _leaf(part: Message, content_type: str, body: _Body) -> None:
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    # Raw value: compat32's part.get() returns a Header object when the value has 8-bit bytes.
    disposition = (_raw_header(part, "Content-Disposition") or "").split(";", 1)[0]
    disposition = disposition.strip().lower()
    filename = _filename(part)
    is_file = disposition == "attachment" or filename is not None
    maintype = content_type.split("/", 1)[0]
    if not is_file and (content_type == "text/plain" or maintype == "multipart"):
        # A multipart without a usable boundary is shown as the text it is, not dropped.
        body.plain.append(decode_bytes(data, part.get_content_charset()))
    elif not is_file and content_type == "text/html":
        body.html.append(decode_bytes(data, part.get_content_charset()))
    elif data:
        body.attachments.append(
            Attachment(sanitize_filename(filename, content_type), content_type, data)
        )


def _filename(part: Message) -> str | None:
    """The file name from Content-Disposition or Content-Type, with RFC 2231, RFC 2047 and raw
    8-bit names all decoded."""
    for header in ("content-disposition", "content-type"):
        raw = _raw_header(part, header)
        if not raw:
            continue
        probe = Message()  # compat32 does RFC 2231 continuations; feed it recovered text
        probe[header] = decode_header_value(raw, encoded_words=False)
        value = probe.get_param(
            "filename" if header == "content-disposition" else "name", header=header
        )
        if isinstance(value, tuple):  # RFC 2231: (charset, language, percent-decoded text)
            charset, _language, text = value
            return decode_bytes(text.encode("latin-1", "replace"), charset)
        if value:
            return decode_header_value(str(value))
    return None


def _attached_message(part: Message, content_type: str, body: _Body, *, in_report: bool) -> None:
    if content_type == "text/rfc822-headers":
        data = part.get_payload(decode=True) or b""
        inner: Message | None = message_from_bytes(bytes(data), policy=email_policy.compat32)
        name = "original-headers.txt"
    else:
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        subject = _display(inner, "Subject") if isinstance(inner, Message) else ""
        name = _filename(part) or f"{subject or 'message'}.eml"
    if in_report and isinstance(inner, Message):
        bounced = normalize_message_id(_raw_header(inner, "Message-ID"))
        if bounced:
            body.bounce_ids.append(bounced)
    if content_type == "message/rfc822":
        # Regenerated from the parsed tree (the parser keeps no raw slice); can fail on junk,
        # which _walk records as a defect after the bounce id above is safe.
        data = inner.as_bytes() if isinstance(inner, Message) else b""
    if data:
        body.attachments.append(
            Attachment(sanitize_filename(name, content_type), content_type, bytes(data))
        )


def _delivery_status(part: Message, body: _Body) -> None:
    """RFC 3464: one per-message block, then one block per recipient; report the first
    recipient's Action, Status and Diagnostic-Code."""
    blocks = part.get_payload()
    if not isinstance(blocks, list):
        return
    for block in blocks[1:] or blocks:
        if not isinstance(block, Message) or not block.get("Action"):
            continue
        action = clean_line(str(block.get("Action"))).strip().lower()
        details = [
            f"{label} {clean_line(str(block.get(label)))}"
            for label in ("Final-Recipient", "Status", "Diagnostic-Code")
            if block.get(label)
        ]
        body.bounce_action = body.bounce_action or action
        body.bounce_reason = body.bounce_reason or f"{action}: " + "; ".join(details)
        return


def _build(
    message: Message,
    raw: bytes,
    digest: str,
    *,
    problem: str | None = None,
    with_body: bool = True,
) -> ParsedMail:
    defects = [type(defect).__name__ for defect in message.defects]
    from_address, from_name = _sender(message, defects)
    body = _Body()
    if with_body:
        _walk(message, 0, body)
    defects += body.defects

    plain = "\n\n".join(text for text in body.plain if text.strip())
    html = "\n\n".join(text for text in body.html if text.strip())
    if plain:
        text = tidy_text(plain)
        new_text = strip_quoted(text)
    elif html:
        text = tidy_text(html_to_text(html))
        new_text = strip_quoted(tidy_text(html_to_text(html, drop_quotes=True)))
    else:
        text = new_text = ""

    verdict = classify(
        ((name, clean_line(str(value))[:500]) for name, value in message.raw_items()),
        from_address=from_address,
        content_type=message.get_content_type(),
        report_type=str(message.get_param("report-type") or ""),
    )
    bounce_ids = list(dict.fromkeys(body.bounce_ids))
    if verdict and verdict.kind is AutoKind.BOUNCE and not bounce_ids:
        # Bounces that are not RFC 3464 reports quote the original headers in their text.
        own_id = normalize_message_id(_raw_header(message, "Message-ID"))
        found = dict.fromkeys(_BOUNCED_ID_LINE.findall(text))
        bounce_ids = [bounced for bounced in found if bounced != own_id]

    if problem is None and from_address is None:
        problem = "no sender address (From, Sender, Reply-To and Return-Path all unusable)"
    return ParsedMail(
        message_id=normalize_message_id(_raw_header(message, "Message-ID")),
        in_reply_to=normalize_message_id(_raw_header(message, "In-Reply-To")),
        references=_references(message),
        from_address=from_address,
        from_name=from_name,
        to=tuple(address for _name, address in _addresses(message, "To")),
        cc=tuple(address for _name, address in _addresses(message, "Cc")),
        subject=_display(message, "Subject"),
        date=_date(message, defects),
        text=text,
        text_without_quotes=new_text,
        attachments=tuple(body.attachments),
        headers=_kept_headers(message),
        sha256=digest,
        size=len(raw),
        auto=verdict.kind if verdict else None,
        auto_reason=verdict.reason if verdict else None,
        bounce_message_ids=tuple(bounce_ids),
        bounce_action=body.bounce_action,
        bounce_reason=body.bounce_reason,
        is_ours=_raw_header(message, LOOP_HEADER) is not None,
        defects=tuple(dict.fromkeys(defects))[:MAX_DEFECTS],
        problem=problem,
    )


# --- Text: control characters, charsets, encoded words -------------------------------------

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_LINE_BREAKS = re.compile(r"[\r\n\t]+")


def clean_text(text: str) -> str:
    """Text any database accepts: no NUL or other C0 controls (PostgreSQL rejects NUL), and no
    lone surrogates (they cannot be encoded as UTF-8) — the stdlib leaves both in for 8-bit data."""
    return _CONTROL_CHARS.sub("", _SURROGATES.sub("\ufffd", text))


def clean_line(value: str) -> str:
    """One header value on one line: unfolded, no control characters."""
    return clean_text(_LINE_BREAKS.sub(" ", _FOLD.sub("", value))).strip()


# Charset labels that mailers write but Python does not know, and labels that mean "unknown".
_CHARSET_ALIASES = {
    "win-1251": "cp1251", "win1251": "cp1251", "windows1251": "cp1251", "cp-1251": "cp1251",
    "x-cp1251": "cp1251", "koi8r": "koi8_r", "koi-8-r": "koi8_r", "koi8": "koi8_r",
    "gb2312": "gbk", "ks_c_5601-1987": "cp949", "iso-8859-8-i": "iso8859_8",
    "x-mac-cyrillic": "mac_cyrillic", "windows-874": "cp874",
}  # fmt: skip
_UNKNOWN_CHARSETS = {"unknown-8bit", "x-unknown", "unknown", "x-user-defined", "8bit", "default"}
# Codecs that decode to text but interpret backslashes or punycode: never from a mail header.
_UNSAFE_CODECS = {"unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined"}


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    label = charset.strip().strip("\"'").split("*", 1)[0].strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    if not label or label in _UNKNOWN_CHARSETS:
        return None
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    return None if name.replace("-", "_") in _UNSAFE_CODECS else name


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode with the declared charset when it exists and fits, else guess."""
    codec = _codec(charset)
    if codec:
        try:
            return clean_text(data.decode(codec))
        except (UnicodeError, LookupError, ValueError, TypeError):
            pass  # declared charset lies (or is not a text codec): guess instead
    return clean_text(guess_decode(data))


# Russian letter frequencies (%, national corpus); log10 gives common letters positive weight.
_RUSSIAN_FREQ = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.04,
}  # fmt: skip
_LETTER_WEIGHT = {
    letter: math.log10(freq)
    for lower, freq in _RUSSIAN_FREQ.items()
    for letter in (lower, lower.upper())
}
# Non-ASCII punctuation that cp1251 text uses; koi8-r puts box-drawing characters there.
_TYPOGRAPHY = set("«»—–„“”‘’…№\u00a0•·°±§©®™")
_CYRILLIC_CANDIDATES = ("cp1251", "koi8_r")
_GUESS_SAMPLE = 65536


# Frequent Russian bigrams and words: a text that contains them is read the right way round.
_BIGRAM_LIST = (
    "ст но то на ен ов ни ра во ко ро ан ос ер пр ли ет по ал ка от го ре ор ве те ат ла ол ит "
    "ес ти ва ел де ле не ин ме ом он ем та об ся да ый ая ие ой ль ск ри из ид"
)
_WORD_LIST = (
    "и в не на я что с по это к а как из у за от о для мы вы да нет но или так же уже все "
    "добрый день здравствуйте спасибо пожалуйста просьба вопрос счет счёт заявка ошибка "
    "работает можно нужно при после если есть был была было"
)
_COMMON_BIGRAMS = frozenset(_BIGRAM_LIST.split())
_COMMON_WORDS = frozenset(_WORD_LIST.split())
_WORDS = re.compile(r"[а-яё]+", re.IGNORECASE)
_NEVER_FIRST = set("ьъыЬЪЫ")


def cyrillic_plausibility(text: str) -> float:
    """How much `text` looks like Russian. Reading koi8-r bytes as cp1251 (or the reverse) swaps
    the case of letters and yields rare ones, so: frequent letters, bigrams and words score,
    while case flips inside a word, letters no word starts with, Latin letters glued to
    Cyrillic ones and symbols no Russian text uses are penalised."""
    score = 0.0
    previous = " "
    for char in text:
        weight = _LETTER_WEIGHT.get(char)
        if weight is not None:
            score += weight
            case_flip = char.isupper() and previous.islower() and previous in _LETTER_WEIGHT
            glued_to_latin = previous.isascii() and previous.isalpha()
            if case_flip or glued_to_latin:
                score -= 2.0
            if previous in _LETTER_WEIGHT and (previous + char).lower() in _COMMON_BIGRAMS:
                score += 0.5
            if char in _NEVER_FIRST and previous not in _LETTER_WEIGHT:
                score -= 3.0
        elif char.isascii():
            if char.isalpha() and previous in _LETTER_WEIGHT:
                score -= 2.0
        elif char not in _TYPOGRAPHY:
            score -= 3.0
        previous = char
    return score + 3.0 * sum(1 for word in _WORDS.findall(text) if word.lower() in _COMMON_WORDS)


def guess_decode(data: bytes) -> str:
    """utf-8 if it is utf-8 (even with a few broken bytes), else cp1251 or koi8-r, whichever
    reads more like Russian, else cp1252 so that Western mail stays legible."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:_GUESS_SAMPLE]
    as_utf8 = sample.decode("utf-8", "replace")
    broken = as_utf8.count("\ufffd")
    non_ascii = sum(1 for char in as_utf8 if char > "\x7f")
    if non_ascii - broken > 10 * broken:  # mostly valid multi-byte sequences: a damaged utf-8
        return data.decode("utf-8", "replace")
    scored = [
        (cyrillic_plausibility(sample.decode(name, "replace")), name)
        for name in _CYRILLIC_CANDIDATES
    ]
    score, best = max(scored)
    return data.decode(best if score > 0 else "cp1252", "replace")


def _recover_8bit(value: str) -> str:
    """Raw 8-bit header bytes reach us as surrogate escapes; decode them for real."""
    if not _SURROGATES.search(value):
        return value
    try:
        data = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return clean_text(value)
    return guess_decode(data)


# An RFC 2047 encoded word. No `?` inside and a bounded length keep matching linear even on a
# megabyte of hostile header.
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,64})\?([QqBb])\?([^?\r\n]{0,2000})\?=")


def _decode_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if not word.isascii():
        return word  # 8-bit bytes inside an encoded word: not decodable as one
    try:
        (payload, charset), *_ = email_header.decode_header(word)
    except (email_errors.HeaderParseError, ValueError, binascii.Error):
        return word
    if isinstance(payload, str):
        return payload
    if not payload and match.group(3):
        return word  # nothing decodable in it (base64 of junk): show what was sent
    return decode_bytes(payload, charset)


def decode_header_value(raw: str, *, encoded_words: bool = True) -> str:
    """A header value as readable text: unfolded, raw 8-bit recovered, RFC 2047 decoded."""
    text = _FOLD.sub("", _recover_8bit(raw))
    if encoded_words and "=?" in text:
        pieces: list[str] = []
        position = 0
        for match in _ENCODED_WORD.finditer(text):
            between = text[position : match.start()]
            if position == 0 or between.strip():  # RFC 2047 §6.2: space between words goes
                pieces.append(between)
            pieces.append(_decode_word(match))
            position = match.end()
        pieces.append(text[position:])
        text = "".join(pieces)
    return clean_line(text)


# --- Text: HTML, layout, quoted history ----------------------------------------------------

# Quoted history inside HTML mail: blockquotes (Gmail, Apple, Thunderbird) and the containers
# that webmails put around the "On … wrote:" line and the quote.
_HTML_QUOTES = (
    "//blockquote | //*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]"
    " | //*[contains(@class, 'yahoo_quoted')] | //*[@id='divRplyFwdMsg']"
    " | //*[contains(@class, 'moz-cite-prefix')]"
)


def html_to_text(html: str, *, drop_quotes: bool = False) -> str:
    """Readable text from HTML (paragraphs, lists, tables laid out; links kept as text)."""
    html = clean_text(html).strip()
    if not html:
        return ""
    try:
        # Imported here: lxml costs tens of milliseconds and most mail has a text/plain part.
        from inscriptis import Inscriptis
        from inscriptis.model.config import ParserConfig
        from lxml.etree import ParserError
        from lxml.html import document_fromstring

        html = re.sub(r"^<\?xml[^>]*\?>", "", html)  # lxml refuses str with an encoding decl.
        try:
            tree = document_fromstring(html)
        except ParserError:
            tree = document_fromstring(f"<pre>{html}</pre>")
        if drop_quotes:
            for element in tree.xpath(_HTML_QUOTES):
                element.drop_tree()
        return clean_text(Inscriptis(tree, ParserConfig(display_links=False)).get_text())
    except Exception:  # hostile HTML: fall back to dropping the tags
        return clean_text(html_lib.unescape(re.sub(r"<[^>]{0,10000}>", " ", html)))


def tidy_text(text: str) -> str:
    """Unix newlines, no trailing spaces, at most one blank line in a row."""
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\ufeff", "").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


_QUOTED_LINE = re.compile(r"^\s*>")
# Attribution lines that introduce quoted history: English mailers, Russian webmails
# (Yandex "…, Имя <a@b>:" / Mail.ru "… пишет:"), Gmail in Russian ("пн, 1 апр. 2024 г. в
# 10:00, Имя <a@b>:").
_ATTRIBUTIONS = (
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^.{0,300}\b(пишет|писал|написал)(а|\(а\))?\s*:\s*$", re.IGNORECASE),
    re.compile(r"^.{0,200}\d.{0,200}<[^<>\s@]+@[^<>\s]+>\s*:\s*$"),
)
# Lines after which everything is history even without `>`: Outlook and its Russian edition.
_HISTORY_MARKERS = re.compile(
    r"^\s*-{2,}\s*(Original Message|Исходное сообщение)\s*-{2,}\s*$", re.IGNORECASE
)
_OUTLOOK_FROM = re.compile(r"^\s*\**(From|От|Von)\s*:\**\s*\S", re.IGNORECASE)
_OUTLOOK_FIELDS = re.compile(r"^\s*\**(Sent|Date|Отправлено|Дата|Subject|Тема)\s*:", re.IGNORECASE)
_SIGNATURE_DELIMITER = re.compile(r"^-- ?$")
_MOBILE_FOOTER = re.compile(
    r"^\s*(Sent from my \w+.*|Отправлено (с|из) .{1,60}|Sent from (Mail|Outlook) for .{1,40})$",
    re.IGNORECASE,
)


def _attribution_length(lines: list[str], index: int) -> int:
    """1 or 2 when an attribution line (possibly wrapped over two lines) starts here."""
    line = lines[index]
    if any(pattern.match(line) for pattern in _ATTRIBUTIONS):
        return 1
    if index + 1 < len(lines) and len(line) < 300:
        joined = f"{line.rstrip()} {lines[index + 1].strip()}"
        if any(pattern.match(joined) for pattern in _ATTRIBUTIONS):
            return 2
    return 0


def _starts_history(lines: list[str], index: int) -> bool:
    if _HISTORY_MARKERS.match(lines[index]):
        return True
    if _OUTLOOK_FROM.match(lines[index]):
        following = lines[index + 1 : index + 6]
        return sum(1 for line in following if _OUTLOOK_FIELDS.match(line)) >= 2
    return False


def strip_quoted(text: str) -> str:
    """The new part of a reply: without `>` quotes, their attribution line, Outlook-style
    history and the signature. Inline answers between quotes are kept. May return ""."""
    lines = text.split("\n")
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _QUOTED_LINE.match(line):
            index += 1
            continue
        attribution = _attribution_length(lines, index)
        if attribution:
            after = index + attribution
            while after < len(lines) and not lines[after].strip():
                after += 1
            if after < len(lines) and not _QUOTED_LINE.match(lines[after]):
                break  # history follows without `>` (top-posting clients): drop all of it
            index = after
            continue
        if _SIGNATURE_DELIMITER.match(line) or _starts_history(lines, index):
            break
        kept.append(line)
        index += 1
    while kept and (not kept[-1].strip() or _MOBILE_FOOTER.match(kept[-1])):
        kept.pop()
    if kept and set(kept[-1].strip()) <= set("_-"):  # Outlook's ____ line before "From:"
        kept.pop()
    return tidy_text("\n".join(kept))


# --- File names ----------------------------------------------------------------------------

_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}
MAX_FILENAME_BYTES = 200  # under the 255-byte limit of common file systems, with room to spare


def sanitize_filename(name: str | None, content_type: str = "application/octet-stream") -> str:
    """A name that is safe to show and to store: the last path component only; no control,
    format (bidi override) or reserved characters; no leading dots; at most 200 UTF-8 bytes
    with the extension kept; a generic name when nothing is left."""
    text = unicodedata.normalize("NFC", _SURROGATES.sub("\ufffd", name or ""))
    text = re.split(r"[\\/]", text)[-1]
    text = "".join(
        " " if char in "\t\r\n" else char
        for char in text
        if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp") or char in "\t\r\n"
    )
    text = re.sub(r'[<>:"|?*]', "_", text)
    text = re.sub(r"\s+", " ", text).strip().lstrip(".").rstrip(". ")
    if not text:
        extension = mimetypes.guess_extension(content_type.split(";")[0].strip()) or ".bin"
        text = f"attachment{extension}"
    stem, dot, extension = text.rpartition(".")
    if not dot or not stem or len(extension) > 16:
        stem, dot, extension = text, "", ""
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    room = MAX_FILENAME_BYTES - len(dot + extension.encode("utf-8", "replace").decode())
    encoded = stem.encode("utf-8")
    if len(encoded) > room:
        stem = encoded[:room].decode("utf-8", "ignore").rstrip()
    return f"{stem}{dot}{extension}"
