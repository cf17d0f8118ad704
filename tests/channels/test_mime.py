"""parse_message on real-world mail and on hostile input."""

from __future__ import annotations

import base64
from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone
from email.header import Header

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamtask.channels.autoreply import AutoKind
from teamtask.channels.mime import (
    ParsedMail,
    UnparseableMessage,
    decode_header_value,
    guess_decode,
    normalize_message_id,
    parse_message,
    sanitize_filename,
    strip_quoted,
)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def mail(headers: str, body: str = "Hello\n", *, encoding: str = "utf-8") -> bytes:
    return crlf(f"{headers.strip()}\n\n{body}").encode(encoding)


def b64(data: bytes) -> str:
    return base64.encodebytes(data).decode()


def assert_storable(parsed: ParsedMail) -> None:
    """Every text field can go into SQLite and PostgreSQL: valid UTF-8, no NUL."""
    for item in fields(parsed):
        value = getattr(parsed, item.name)
        for entry in value if isinstance(value, tuple) else (value,):
            for piece in entry if isinstance(entry, tuple) else (entry,):  # headers are pairs
                if isinstance(piece, str):
                    piece.encode("utf-8")
                    assert "\x00" not in piece, item.name
    for attachment in parsed.attachments:
        attachment.filename.encode("utf-8")
        attachment.content_type.encode("utf-8")
        assert "/" not in attachment.filename and "\\" not in attachment.filename
        assert attachment.filename and not attachment.filename.startswith(".")


# --- Ordinary mail ------------------------------------------------------------------------


def test_plain_message_fields() -> None:
    raw = mail(
        """
From: "Иван Петров" <Ivan.Petrov@Example.RU>
To: Support <support@example.com>, second@example.com
Cc: boss@example.ru
Subject: Не работает печать
Date: Mon, 4 Mar 2024 10:15:00 +0300
Message-ID: <CAB123@mail.example.ru>
In-Reply-To: <prev@example.com>
References: <root@example.com>
 <prev@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit
""",
        "Здравствуйте!\nПринтер не печатает.\n",
    )
    parsed = parse_message(raw)

    assert parsed.message_id == "<CAB123@mail.example.ru>"
    assert parsed.in_reply_to == "<prev@example.com>"
    assert parsed.references == ("<root@example.com>", "<prev@example.com>")
    assert parsed.from_address == "ivan.petrov@example.ru"
    assert parsed.from_name == "Иван Петров"
    assert parsed.to == ("support@example.com", "second@example.com")
    assert parsed.cc == ("boss@example.ru",)
    assert parsed.subject == "Не работает печать"
    assert parsed.date == datetime(2024, 3, 4, 7, 15, tzinfo=UTC)
    assert parsed.date.utcoffset() == timedelta(hours=3)
    assert parsed.text == "Здравствуйте!\nПринтер не печатает."
    assert parsed.text_without_quotes == parsed.text
    assert parsed.size == len(raw) and len(parsed.sha256) == 64
    assert parsed.auto is None and parsed.problem is None and not parsed.is_ours
    assert ("Subject", "Не работает печать") in parsed.headers
    assert parsed.dedupe_key == "<CAB123@mail.example.ru>"
    assert parsed.title == "Не работает печать"


def test_rfc2047_subject_and_names() -> None:
    subject = Header("Счёт на оплату №15 от 01.03", "utf-8").encode()
    name = Header("Пётр Сидоров", "koi8-r").encode()
    raw = mail(
        f"""
From: {name} <petr@example.ru>
To: =?windows-1251?Q?=D1=EB=F3=E6=E1=E0_=EF=EE=E4=E4=E5=F0=E6=EA=E8?= <support@example.com>
Subject: {subject}
Message-ID: <x1@example.ru>
"""
    )
    parsed = parse_message(raw)
    assert parsed.subject == "Счёт на оплату №15 от 01.03"
    assert parsed.from_name == "Пётр Сидоров"
    assert parsed.to == ("support@example.com",)
    assert ("To", "Служба поддержки <support@example.com>") in parsed.headers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=?utf-8?B?0J/RgNC40LLQtdGC?= =?utf-8?Q?_=D0=BC=D0=B8=D1=80?=", "Привет мир"),
        ("Re: =?UTF-8?B?0JfQsNGP0LLQutCw?= [#12]", "Re: Заявка [#12]"),
        ("=?utf-8?B?!!!?=", "=?utf-8?B?!!!?="),  # undecodable word stays as written
        ("=?utf-8*ru?Q?=D0=94=D0=B0?=", "Да"),  # RFC 2231 language suffix
        ("plain\r\n folded\r\n\tline", "plain folded line"),
    ],
)
def test_decode_header_value(raw: str, expected: str) -> None:
    assert decode_header_value(raw) == expected


def test_unknown_charset_in_encoded_word_is_guessed() -> None:
    word = "=?x-bogus?B?" + base64.b64encode("Привет мир".encode("cp1251")).decode() + "?="
    assert decode_header_value(word) == "Привет мир"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_raw_8bit_headers_and_body_without_charset(encoding: str) -> None:
    raw = mail(
        """
From: Иван Петров <ivan@example.ru>
Subject: Не приходят документы из ЭДО
Message-ID: <raw8@example.ru>
Content-Type: text/plain
""",
        "Добрый день! Со вчерашнего дня не приходят документы от поставщиков.\n",
        encoding=encoding,
    )
    parsed = parse_message(raw)
    assert parsed.subject == "Не приходят документы из ЭДО"
    assert parsed.from_name == "Иван Петров"
    assert parsed.from_address == "ivan@example.ru"
    assert parsed.text == "Добрый день! Со вчерашнего дня не приходят документы от поставщиков."


def test_declared_charset_that_lies_and_unknown_charset() -> None:
    body = "Счёт не проведён, помогите пожалуйста".encode("koi8_r")
    lying = b"From: a@example.ru\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body
    unknown = b"From: a@example.ru\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n" + body
    hostile = b"From: a@example.ru\r\nContent-Type: text/plain; charset=unicode_escape\r\n\r\n"
    assert parse_message(lying).text == "Счёт не проведён, помогите пожалуйста"
    assert parse_message(unknown).text == "Счёт не проведён, помогите пожалуйста"
    assert parse_message(hostile + b"\\u0041 stays").text == "\\u0041 stays"


def test_quoted_printable_and_base64_bodies() -> None:
    qp = mail(
        "From: a@example.ru\nContent-Type: text/plain; charset=windows-1251\n"
        "Content-Transfer-Encoding: quoted-printable",
        "=CF=F0=E8=E2=E5=F2, =EC=E8=F0=\n!\n",
    )
    encoded = b64("Привет из base64".encode())
    b64_mail = mail(
        "From: a@example.ru\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: base64",
        encoded,
    )
    assert parse_message(qp).text == "Привет, мир!"
    assert parse_message(b64_mail).text == "Привет из base64"


# --- HTML ---------------------------------------------------------------------------------

HTML_BODY = """<html><head><style>p {color: red}</style><script>alert(1)</script></head>
<body><p>Добрый&nbsp;день!</p><p>Не открывается <b>отчёт</b> &amp; не печатается.</p>
<ul><li>Шаг 1</li><li>Шаг 2</li></ul>
<table><tr><td>ИНН</td><td>7701234567</td></tr></table>
<div class="gmail_quote">пн, 4 мар. 2024 г. в 10:00, Support &lt;support@example.com&gt;:
<blockquote>Опишите проблему</blockquote></div></body></html>"""


def test_html_only_mail_becomes_readable_text() -> None:
    raw = mail(
        "From: a@example.ru\nSubject: html\nContent-Type: text/html; charset=utf-8", HTML_BODY
    )
    parsed = parse_message(raw)
    assert "Добрый день!" in parsed.text
    assert "Не открывается отчёт & не печатается." in parsed.text
    assert "Шаг 1" in parsed.text and "Шаг 2" in parsed.text
    assert "ИНН" in parsed.text and "7701234567" in parsed.text
    assert "<" not in parsed.text.replace("<support@example.com>", "")
    assert "alert" not in parsed.text and "color" not in parsed.text
    assert "Опишите проблему" in parsed.text
    assert "Опишите проблему" not in parsed.text_without_quotes
    assert "support@example.com" not in parsed.text_without_quotes
    assert parsed.text_without_quotes.startswith("Добрый день!")


def test_alternative_prefers_plain_but_keeps_inline_images() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    raw = mail(
        'From: a@example.ru\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="A"',
        f"""--A
Content-Type: text/plain; charset=utf-8

Текст письма
--A
Content-Type: multipart/related; boundary="R"

--R
Content-Type: text/html; charset=utf-8

<p>HTML письма</p><img src="cid:shot">
--R
Content-Type: image/png
Content-ID: <shot>
Content-Transfer-Encoding: base64

{b64(png)}
--R--
--A--
""",
    )
    parsed = parse_message(raw)
    assert parsed.text == "Текст письма"
    assert [(a.filename, a.content_type, a.data) for a in parsed.attachments] == [
        ("attachment.png", "image/png", png)
    ]


# --- Attachments --------------------------------------------------------------------------


def test_attachments_with_cyrillic_names() -> None:
    pdf = b"%PDF-1.4 test"
    cp1251_name = "Снимок экрана.png".encode("cp1251")
    koi8_name = Header("Накладная.xls", "koi8-r").encode()
    raw = (
        mail(
            'From: a@example.ru\nSubject: files\nContent-Type: multipart/mixed; boundary="M"',
            f"""--M
Content-Type: text/plain; charset=utf-8

См. вложения
--M
Content-Type: application/pdf
Content-Disposition: attachment; filename*=UTF-8''%D0%90%D0%BA%D1%82%20%E2%84%963.pdf
Content-Transfer-Encoding: base64

{b64(pdf)}
--M
Content-Type: application/pdf
Content-Disposition: attachment;
 filename*0*=UTF-8''%D0%A1%D1%87%D0%B5%D1%82;
 filename*1*=%20%D0%BD%D0%B0%20%D0%BE%D0%BF%D0%BB%D0%B0%D1%82%D1%83.pdf
Content-Transfer-Encoding: base64

{b64(pdf)}
--M
Content-Type: application/vnd.ms-excel; name="{koi8_name}"
Content-Disposition: attachment; filename="{koi8_name}"
Content-Transfer-Encoding: base64

{b64(b"xls")}
--M
Content-Type: image/png; name="@RAW@"
Content-Transfer-Encoding: base64

{b64(b"png")}
--M
Content-Type: text/plain; name="../../etc/passwd"
Content-Disposition: attachment; filename="../../etc/passwd"

root:x:0:0
--M
Content-Type: message/rfc822

From: old@example.ru
Subject: Old letter
Message-ID: <old@example.ru>

old text
--M--
""",
        )
    ).replace(b"@RAW@", cp1251_name)
    parsed = parse_message(raw)
    assert parsed.text == "См. вложения"
    names = [a.filename for a in parsed.attachments]
    assert names == [
        "Акт №3.pdf",
        "Счет на оплату.pdf",
        "Накладная.xls",
        "Снимок экрана.png",
        "passwd",
        "Old letter.eml",
    ]
    assert parsed.attachments[0].data == pdf
    assert parsed.attachments[4].data == b"root:x:0:0"
    assert b"Subject: Old letter" in parsed.attachments[5].data
    assert parsed.bounce_message_ids == ()  # a forwarded message is not a bounce
    assert_storable(parsed)


def test_raw_8bit_content_disposition_filename() -> None:
    raw = (
        "From: a@example.ru\r\nContent-Type: multipart/mixed; boundary=Q\r\n\r\n--Q\r\n"
        "Content-Type: application/pdf\r\n"
        'Content-Disposition: attachment; filename="Счёт на оплату.pdf"\r\n\r\nPDF\r\n--Q--\r\n'
    ).encode("cp1251")
    parsed = parse_message(raw)
    assert [(a.filename, a.data) for a in parsed.attachments] == [("Счёт на оплату.pdf", b"PDF")]


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("../../etc/passwd", "text/plain", "passwd"),
        ("C:\\Users\\ivan\\evil.exe", "application/octet-stream", "evil.exe"),
        ("report\u202eFDP.exe", "application/octet-stream", "reportFDP.exe"),  # bidi override
        ("a\x00b\x07c.txt", "text/plain", "abc.txt"),
        ("..", "application/pdf", "attachment.pdf"),
        ("", "image/png", "attachment.png"),
        (None, "application/x-unknown-thing", "attachment.bin"),
        ('what?*"<>|:.doc', "application/msword", "what_______.doc"),
        ("CON.txt", "text/plain", "_CON.txt"),
        ("  spaced   name .pdf. ", "application/pdf", "spaced name .pdf"),
    ],
)
def test_sanitize_filename(name: str | None, content_type: str, expected: str) -> None:
    assert sanitize_filename(name, content_type) == expected


def test_sanitize_filename_keeps_extension_of_long_names() -> None:
    long_name = "Очень длинное имя файла " * 30 + ".xlsx"
    cleaned = sanitize_filename(long_name)
    assert cleaned.endswith(".xlsx")
    assert len(cleaned.encode("utf-8")) <= 200


# --- Missing parts ------------------------------------------------------------------------


def test_no_from_is_a_problem_but_reply_to_is_used() -> None:
    nothing = parse_message(mail("Subject: who am I\nMessage-ID: <a@b>"))
    assert nothing.from_address is None
    assert nothing.problem and "no sender" in nothing.problem

    fallback = parse_message(mail("Subject: x\nReply-To: Ivan <IVAN@example.ru>"))
    assert fallback.from_address == "ivan@example.ru" and fallback.problem is None
    assert any("Reply-To" in defect for defect in fallback.defects)

    garbage = parse_message(mail("From: not an address\nSubject: x"))
    assert garbage.from_address is None and garbage.problem


def test_no_subject_titles_from_text() -> None:
    parsed = parse_message(mail("From: a@example.ru", "\n\nПринтер сломался\nвторая строка\n"))
    assert parsed.subject == ""
    assert parsed.title == "Принтер сломался"
    assert parse_message(mail("From: a@example.ru", "")).title == "(no subject)"


def test_missing_and_odd_message_ids() -> None:
    missing = parse_message(mail("From: a@example.ru"))
    assert missing.message_id is None
    assert missing.dedupe_key == f"sha256:{missing.sha256}"
    assert normalize_message_id("  bare-id@host ") == "<bare-id@host>"
    assert normalize_message_id("<a@b> (comment)") == "<a@b>"
    assert normalize_message_id("") is None
    assert normalize_message_id("<>") is None

    many = " ".join(f"<r{n}@x>" for n in range(300))
    parsed = parse_message(mail(f"From: a@example.ru\nReferences: {many}"))
    assert len(parsed.references) == 100
    assert parsed.references[0] == "<r0@x>" and parsed.references[-1] == "<r299@x>"


def test_bad_date_is_a_defect_not_a_failure() -> None:
    parsed = parse_message(mail("From: a@example.ru\nDate: someday soon"))
    assert parsed.date is None
    assert "unreadable Date header" in parsed.defects
    naive = parse_message(mail("From: a@example.ru\nDate: Mon, 4 Mar 2024 10:15:00 -0000"))
    assert naive.date is not None and naive.date.tzinfo is not None


# --- Quoted history -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thanks, works now.\n\nOn Mon, 4 Mar 2024 at 10:00, Support <s@x.com> wrote:\n"
            "> Please restart.\n> Regards",
            "Thanks, works now.",
        ),
        (
            'Спасибо, заработало.\n\n04.03.2024, 10:15, "Поддержка" <s@x.ru> пишет:\n> Перезагрузите.',
            "Спасибо, заработало.",
        ),
        (
            "Спасибо!\n\nпн, 4 мар. 2024 г. в 10:00, Support <support@example.com>:\n\n> Опишите",
            "Спасибо!",
        ),
        (  # wrapped attribution (Gmail wraps at 78 columns)
            "Ok.\n\nOn Mon, 4 Mar 2024 at 10:00, A Very Long Name Indeed <someone@example.com>\n"
            "wrote:\n> old",
            "Ok.",
        ),
        (
            "Новый ответ\n\n-----Original Message-----\nFrom: Support\nSent: Monday\nold text",
            "Новый ответ",
        ),
        (
            "Вот логи.\n\n________________________________\nОт: Support <s@x.ru>\n"
            "Отправлено: 4 марта 2024 г. 10:00\nКому: Ivan\nТема: RE: Ошибка\n\nстарый текст",
            "Вот логи.",
        ),
        ("Ответ\n\n-- \nИван Петров\nООО Ромашка", "Ответ"),
        ("Ответ\n\nОтправлено с iPhone", "Ответ"),
        (  # inline answers between quotes are new text and stay
            "On Mon, X <x@y.z> wrote:\n> Вопрос 1?\nОтвет 1\n> Вопрос 2?\nОтвет 2",
            "Ответ 1\nОтвет 2",
        ),
        ("> only a quote\n> nothing new", ""),
        ("No quotes at all.\nSecond line.", "No quotes at all.\nSecond line."),
    ],
)
def test_strip_quoted(text: str, expected: str) -> None:
    assert strip_quoted(text) == expected


def test_follow_up_text_without_quotes_from_a_real_reply() -> None:
    raw = mail(
        "From: ivan@example.ru\nSubject: Re: Не работает печать [#12]\n"
        "In-Reply-To: <tt12@example.com>\nContent-Type: text/plain; charset=utf-8",
        "Драйвер переустановил, не помогло.\n\n"
        "4 марта 2024 г., в 12:00, Поддержка <support@example.com> написал(а):\n\n"
        "> Переустановите драйвер.\n>\n> -- \n> Поддержка\n",
    )
    parsed = parse_message(raw)
    assert parsed.text_without_quotes == "Драйвер переустановил, не помогло."
    assert "Переустановите драйвер." in parsed.text


# --- Auto-replies and bounces -------------------------------------------------------------

DSN = """\
Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
To: support@example.com
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn-1@mx.example.com>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="DSN"

--DSN
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<nobody@client.example.ru>: host mx.client.example.ru said: 550 5.1.1
    <nobody@client.example.ru>: Recipient address rejected: User unknown

--DSN
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
Arrival-Date: Mon,  4 Mar 2024 10:00:00 +0300 (MSK)

Final-Recipient: rfc822; nobody@client.example.ru
Original-Recipient: rfc822;nobody@client.example.ru
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.client.example.ru
Diagnostic-Code: smtp; 550 5.1.1 <nobody@client.example.ru>: Recipient address
    rejected: User unknown

--DSN
Content-Description: Undelivered Message
Content-Type: @INNER_TYPE@

From: support@example.com
To: nobody@client.example.ru
Subject: Re: Заявка [#12]
Message-ID: <177.tt12@example.com>
X-Teamtask-Loop: support@example.com

Здравствуйте!
--DSN--
"""


@pytest.mark.parametrize("inner_type", ["message/rfc822", "text/rfc822-headers"])
def test_delivery_status_notification(inner_type: str) -> None:
    raw = crlf(DSN.replace("@INNER_TYPE@", inner_type)).encode()
    parsed = parse_message(raw)
    assert parsed.auto is AutoKind.BOUNCE
    assert parsed.bounce_message_ids == ("<177.tt12@example.com>",)
    assert parsed.bounce_action == "failed"
    assert parsed.bounce_reason and "5.1.1" in parsed.bounce_reason
    assert "User unknown" in parsed.bounce_reason
    assert "could not" in parsed.text  # the human-readable part is the text
    assert not parsed.is_ours  # the loop header is inside the returned message, not on it


def test_non_standard_bounce_quotes_the_original_headers() -> None:
    raw = mail(
        "From: postmaster@old-exchange.example.ru\nSubject: Delivery failure\n"
        "Message-ID: <own@old-exchange>",
        "Your message did not reach some recipients.\n\n"
        "Original headers:\nMessage-ID: <177.tt12@example.com>\nSubject: Re: x [#12]\n",
    )
    parsed = parse_message(raw)
    assert parsed.auto is AutoKind.BOUNCE
    assert parsed.bounce_message_ids == ("<177.tt12@example.com>",)
    assert parsed.bounce_action is None


def test_vacation_auto_reply() -> None:
    raw = mail(
        "From: ivan@example.ru\nSubject: Автоответ: Заявка [#12]\nAuto-Submitted: auto-replied\n"
        "Return-Path: <>",
        "Я в отпуске до 15 марта.",
    )
    parsed = parse_message(raw)
    assert parsed.auto is AutoKind.AUTO_REPLY
    assert parsed.auto_reason == "Auto-Submitted: auto-replied"
    assert parsed.bounce_message_ids == ()


def test_our_own_mail_is_recognised() -> None:
    parsed = parse_message(mail("From: support@example.com\nX-Teamtask-Loop: support@example.com"))
    assert parsed.is_ours


# --- Size limit ---------------------------------------------------------------------------


def test_oversize_message_keeps_headers_only() -> None:
    attachment = b64(b"\x00" * 200_000)
    raw = mail(
        "From: Ivan <ivan@example.ru>\nSubject: =?utf-8?B?0JHQvtC70YzRiNC+0Lk=?=\n"
        'Message-ID: <big@example.ru>\nContent-Type: multipart/mixed; boundary="B"',
        f"--B\nContent-Type: application/zip\n"
        f"Content-Transfer-Encoding: base64\n\n{attachment}\n--B--\n",
    )
    parsed = parse_message(raw, max_bytes=100_000)
    assert parsed.problem == f"message too large: {len(raw)} bytes, limit 100000"
    assert parsed.subject == "Большой"
    assert parsed.message_id == "<big@example.ru>"
    assert parsed.from_address == "ivan@example.ru"
    assert parsed.attachments == () and parsed.text == ""
    assert parsed.size == len(raw)
    assert parse_message(raw, max_bytes=len(raw)).problem is None


# --- Hostile input ------------------------------------------------------------------------


def _nested(depth: int) -> bytes:
    opening = "".join(
        f'Content-Type: multipart/mixed; boundary="b{n}"\r\n\r\n--b{n}\r\n' for n in range(depth)
    )
    closing = "".join(f"\r\n--b{n}--" for n in reversed(range(depth)))
    return (
        f"From: deep@example.ru\r\nSubject: deep\r\n{opening}"
        f"Content-Type: text/plain\r\n\r\nleaf{closing}\r\n"
    ).encode()


MULTIPART = mail(
    'From: a@example.ru\nSubject: s\nContent-Type: multipart/mixed; boundary="Z"',
    f"--Z\nContent-Type: text/plain; charset=utf-8\n\nтекст\n"
    f"--Z\nContent-Type: application/pdf; name=a.pdf\nContent-Transfer-Encoding: base64\n\n"
    f"{b64(b'%PDF' * 50)}--Z--\n",
)

HOSTILE = {
    "nested_50_deep": _nested(50),
    "nested_1200_deep": _nested(1200),
    "header_1mb": b"From: a@example.ru\r\nSubject: " + b"x" * 1_000_000 + b"\r\n\r\nbody",
    "encoded_words_1mb": b"From: a@example.ru\r\nSubject: "
    + b"=?utf-8?q?ab " * 80_000
    + b"\r\n\r\n",
    "many_headers": b"From: a@example.ru\r\n" + b"X-H: v\r\n" * 50_000 + b"\r\nbody",
    "invalid_base64": mail(
        "From: a@example.ru\nContent-Type: text/plain\nContent-Transfer-Encoding: base64",
        "!!!not*base64***===\nQUJD\n",
    ),
    "invalid_base64_attachment": mail(
        'From: a@example.ru\nContent-Type: multipart/mixed; boundary="Q"',
        "--Q\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n%%%%\n--Q--\n",
    ),
    "zero_byte_parts": mail(
        'From: a@example.ru\nContent-Type: multipart/mixed; boundary="E"',
        "--E\n\n--E\nContent-Type: text/plain\n\n--E\nContent-Type: image/png\n\n--E--\n",
    ),
    "nul_bytes": b"From: a\x00@example.ru\r\nSubject: nu\x00ll\r\n\r\nbo\x00dy\x00",
    "missing_boundary": mail("From: a@example.ru\nContent-Type: multipart/mixed", "--x\n\nhi\n"),
    "unclosed_boundary": mail(
        'From: a@example.ru\nContent-Type: multipart/mixed; boundary="U"', "--U\n\nstart only"
    ),
    "garbage_content_type": mail("From: a@example.ru\nContent-Type: ;;;===\x01", "x"),
    "unknown_transfer_encoding": mail(
        "From: a@example.ru\nContent-Transfer-Encoding: x-rot13", "uryyb"
    ),
    "uuencode": mail(
        "From: a@example.ru\nContent-Transfer-Encoding: x-uuencode", "begin 644 f\n#86)C\n`\nend\n"
    ),
    "only_headers": b"From: a@example.ru\r\nSubject: no body",
    "bare_cr_lines": b"From: a@example.ru\rSubject: cr\r\rbody\rline",
    "binary_body": b"From: a@example.ru\r\n\r\n" + bytes(range(256)) * 100,
    "thousand_parts": mail(
        'From: a@example.ru\nContent-Type: multipart/mixed; boundary="T"',
        "".join(f"--T\nContent-Type: text/plain\n\npart {n}\n" for n in range(1000)) + "--T--\n",
    ),
    "deep_html": mail(
        "From: a@example.ru\nContent-Type: text/html", "<div>" * 5000 + "deep" + "</div>" * 5000
    ),
    "html_with_nul_and_xml_decl": mail(
        "From: a@example.ru\nContent-Type: text/html; charset=utf-8",
        '<?xml version="1.0" encoding="utf-8"?><p>a\x00b</p>',
    ),
    "surrogates_in_rfc2231": mail(
        "From: a@example.ru\nContent-Type: application/pdf\n"
        "Content-Disposition: attachment; filename*=x-bogus''%ED%A0%80.pdf",
        "x",
    ),
    "huge_address_list": b"From: a@example.ru\r\nTo: "
    + b", ".join(b"u%d@example.ru" % n for n in range(20_000))
    + b"\r\n\r\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_corpus_never_breaks_the_parser(name: str) -> None:
    raw = HOSTILE[name]
    try:
        parsed = parse_message(raw)
    except UnparseableMessage:
        return
    assert_storable(parsed)
    assert parsed.size == len(raw)


def test_hostile_specifics() -> None:
    assert parse_message(HOSTILE["nested_50_deep"]).text == "leaf"
    deep = parse_message(HOSTILE["nested_1200_deep"])
    assert deep.problem or any("nesting" in d for d in deep.defects)
    assert parse_message(HOSTILE["header_1mb"]).subject.startswith("xxxx")
    nul = parse_message(HOSTILE["nul_bytes"])
    assert nul.subject == "null" and nul.text == "body"
    assert "hi" in parse_message(HOSTILE["missing_boundary"]).text
    assert len(parse_message(HOSTILE["thousand_parts"]).text.splitlines()) >= 1000
    assert parse_message(HOSTILE["invalid_base64"]).text  # something readable survives


@pytest.mark.parametrize("cut", range(0, len(MULTIPART), 23))
def test_truncated_mime_at_every_point(cut: int) -> None:
    raw = MULTIPART[:cut]
    try:
        parsed = parse_message(raw)
    except UnparseableMessage:
        assert cut < 25  # only before the first header is complete
        return
    assert_storable(parsed)


@pytest.mark.parametrize("raw", [b"", b"   \r\n\r\n", b"just some text", b"\x00\x01\xff: \xfe\r\n"])
def test_not_a_mail_at_all(raw: bytes) -> None:
    with pytest.raises(UnparseableMessage):
        parse_message(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes_give_parsed_mail_or_unparseable(raw: bytes) -> None:
    try:
        parsed = parse_message(raw)
    except UnparseableMessage:
        return
    assert_storable(parsed)


HEADER_NAMES = ["From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To",
                "References", "Return-Path", "Content-Type", "Content-Disposition",
                "Content-Transfer-Encoding", "Auto-Submitted", "Precedence", "X-Loop"]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(HEADER_NAMES),
            st.binary(max_size=60).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b" ")),
        ),
        min_size=1,
        max_size=10,
    ),
    st.binary(max_size=200),
)
def test_random_header_values_give_storable_fields(
    headers: list[tuple[str, bytes]], body: bytes
) -> None:
    raw = b"".join(name.encode() + b": " + value + b"\r\n" for name, value in headers)
    try:
        parsed = parse_message(raw + b"\r\n" + body)
    except UnparseableMessage:
        return
    assert_storable(parsed)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(MULTIPART)), st.binary(max_size=40)),
        max_size=8,
    )
)
def test_mutated_mail_never_breaks_the_parser(edits: list[tuple[int, bytes]]) -> None:
    """Random bytes spliced into a valid multipart: reaches far deeper than random bytes."""
    raw = MULTIPART
    for position, junk in edits:
        raw = raw[:position] + junk + raw[position + len(junk) // 2 :]
    try:
        parsed = parse_message(raw)
    except UnparseableMessage:
        return
    assert_storable(parsed)


# --- Charset guessing ---------------------------------------------------------------------

SENTENCES = [
    "Добрый день! Не приходят документы из ЭДО.",
    "СРОЧНО: не работает касса",
    "Счёт-фактура №15 от 01.03.2024 — «Ромашка»",
    "Вопрос по счёту",
    "Требование ФНС",
    "Спасибо!",
]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_guess_decode_cyrillic(sentence: str, encoding: str) -> None:
    try:
        data = sentence.encode(encoding)
    except UnicodeEncodeError:  # koi8-r has no «», — or №
        for fancy, plain in (("«", '"'), ("»", '"'), ("—", "-"), ("№", "N")):
            sentence = sentence.replace(fancy, plain)
        data = sentence.encode(encoding)
    assert guess_decode(data) == sentence


def test_guess_decode_utf8_western_and_damaged() -> None:
    assert guess_decode("Привет".encode()) == "Привет"
    assert guess_decode("café crème brûlée".encode("cp1252")) == "café crème brûlée"
    damaged = "Длинный текст в кодировке UTF-8 с одним битым байтом".encode() + b"\xff"
    assert guess_decode(damaged).startswith("Длинный текст в кодировке UTF-8")


def test_timezone_kept() -> None:
    parsed = parse_message(mail("From: a@example.ru\nDate: Tue, 5 Mar 2024 01:02:03 +0500"))
    assert parsed.date == datetime(2024, 3, 5, 1, 2, 3, tzinfo=timezone(timedelta(hours=5)))
