"""Email import speed: 1,000 messages in a real Dovecot imported into SQLite.

    uv run python bench/email_ingest.py [--messages 1000] [--replies 0.3]

Needs root and Dovecot (`dovecot-imapd`), like the channel tests, whose server class it uses.
Prints the wall time of whole `tt poll email --once` processes: the first imports everything
(messages per second), the second finds nothing new. A share of the messages (`--replies`)
answer an earlier one, so threading lookups are part of the figure.
Targets (issue 5): ≥ 50 messages/s; a second run over the same mailbox < 2 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "channels"))

from servers import DovecotServer, dovecot_unavailable_reason  # noqa: E402

WORDS = [
    "принтер",
    "счёт",
    "заявка",
    "ошибка",
    "импорт",
    "отчёт",
    "доступ",
    "пароль",
    "сервер",
    "выгрузка",
]


def corpus(count: int, replies: float, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    messages = []
    for n in range(count):
        mail = EmailMessage()
        client = rng.randrange(max(1, count // 5))
        mail["From"] = f"Клиент {client} <client{client}@example.ru>"
        mail["To"] = "support@example.com"
        mail["Date"] = format_datetime(datetime.now().astimezone())
        mail["Message-ID"] = f"<bench-{n}@example.ru>"
        if n and rng.random() < replies:
            parent = rng.randrange(n)
            mail["Subject"] = f"Re: Вопрос {parent}"
            mail["In-Reply-To"] = f"<bench-{parent}@example.ru>"
            mail["References"] = f"<bench-{parent}@example.ru>"
            text = f"Ответ на {parent}.\n\n> цитата\n> ещё цитата\n"
        else:
            mail["Subject"] = f"Вопрос {n}: " + " ".join(rng.sample(WORDS, 3))
            text = "Здравствуйте!\n" + " ".join(rng.choices(WORDS, k=80)) + "\n\n-- \nПодпись\n"
        mail.set_content(text)
        messages.append(bytes(mail))
    return messages


def write_config(path: Path, dovecot: DovecotServer) -> None:
    path.write_text(
        "[email.accounts.support]\n"
        f'imap_host = "{dovecot.host}"\nimap_port = {dovecot.port}\nimap_ssl = false\n'
        f'username = "{dovecot.user}"\npassword_env = "BENCH_IMAP_PASSWORD"\n'
        'group = "support-l1"\nform = "support"\n'
        'smtp_host = "127.0.0.1"\nsmtp_port = 1\nsmtp_starttls = false\n'
        'from_address = "support@example.com"\n'
    )


def tt(env: dict[str, str], *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "teamtask", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - started, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--replies", type=float, default=0.3)
    options = parser.parse_args()
    reason = dovecot_unavailable_reason()
    if reason:
        sys.exit(f"bench/email_ingest.py: {reason}")

    dovecot = DovecotServer()
    workdir = Path(tempfile.mkdtemp(prefix="tt-bench-mail-"))
    try:
        dovecot.start()
        started = time.perf_counter()
        dovecot.append_many(corpus(options.messages, options.replies))
        seeded = time.perf_counter() - started
        config = workdir / "config.toml"
        write_config(config, dovecot)
        env = {
            **os.environ,
            "TEAMTASK_DB": f"sqlite:///{workdir / 'bench.db'}",
            "TEAMTASK_CONFIG": str(config),
            "TEAMTASK_USER": "bench",
            "BENCH_IMAP_PASSWORD": dovecot.password,
            "XDG_DATA_HOME": str(workdir / "data"),  # the run lock's file, not in ~/.local
        }
        _, setup = tt(env, "group", "add", "support-l1")
        assert setup.returncode == 0, setup.stderr

        first, run = tt(env, "poll", "email", "--once")
        assert run.returncode == 0, run.stderr  # no replies queued: SMTP is never contacted
        second, again = tt(env, "poll", "email", "--once")
        assert again.returncode == 0, again.stderr
        floor_time, _ = tt(env, "--help")
        # A lost cursor (or a new UIDVALIDITY) refetches everything; dedupe must absorb it.
        with sqlite3.connect(workdir / "bench.db") as db:
            db.execute("DELETE FROM poller_cursors")
        rescan, again_all = tt(env, "poll", "email", "--once")
        assert again_all.returncode == 0, again_all.stderr
        print(f"seeded {options.messages} messages into Dovecot in {seeded:.2f} s")
        print(f"first run:  {run.stdout.strip()}")
        print(
            f"            {first:.2f} s → {options.messages / first:.0f} messages/s"
            f" (target ≥ 50/s; includes process start)"
        )
        print(f"second run: {again.stdout.strip()}")
        print(f"            {second:.2f} s (target < 2 s); `tt --help` alone: {floor_time:.2f} s")
        print(f"rescan without cursor: {again_all.stdout.strip()}")
        print(f"            {rescan:.2f} s (every message fetched again, all recognised)")
    finally:
        dovecot.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
