"""`tt demo`: a realistic team and about sixty tasks in every state, built once.

Deterministic (a fixed random seed, dates relative to today) so snapshot tests of the TUI
see the same picture every day.
"""

from __future__ import annotations

import random
from datetime import timedelta

from teamtask.services.comments import add_comment
from teamtask.services.context import Context
from teamtask.services.people import add_group, add_user
from teamtask.services.tasks import NewTask, TaskChanges, close_task, create_task, edit_task

PEOPLE = [
    # handle, name, email, contractor, rate
    ("anna", "Анна Смирнова", "anna@correct.example", False, None),
    ("boris", "Борис Орлов", "boris@correct.example", False, None),
    ("vera", "Вера Кузнецова", "vera@correct.example", False, None),
    ("dmitry", "Дмитрий Волков", "dmitry@correct.example", False, None),
    ("elena", "Елена Соколова", "elena@correct.example", False, None),
    ("kostya", "Константин Овчинников", "ceo@correct.example", False, None),
    ("design-oleg", "Олег (дизайн, подрядчик)", "oleg@studio.example", True, "1500"),
]
GROUPS = {
    "support-l1": ["anna", "boris"],
    "dev": ["vera", "dmitry"],
    "finance": ["elena"],
    "managers": ["anna", "kostya"],
    "ceo": ["kostya"],
}
TITLES = [
    "Не запускается обработка пакетов у клиента Ромашка",
    "Fix login redirect loop after password reset",
    "Логин не работает в мобильном приложении",
    "Release 4.2: changelog and migration notes",
    "Обновить сертификат на api.correct.example",
    "Add CSV export to the registry",
    "Медленная загрузка крупных пакетов документов",
    "Design: new onboarding screens",
    "Согласовать счёт от ООО «Вектор»",
    "Investigate flaky test in OCR pipeline",
    "Подготовить демо для клиента Альфа",
    "Rotate database backups to new storage",
    "Ошибка распознавания ИНН на сканах 200 dpi",
    "Write KB article: batch import stuck in queue",
    "Update dependencies (security advisories)",
    "Клиент просит выгрузку в 1С",
    "Kanban board: WIP limits per column",
    "Провести ретроспективу спринта",
    "Telegram bot: greeting text in English",
    "Monitoring: alert when queue > 1000",
]
TAGS = ["bug", "feature", "client", "ops", "docs", "design", "release", "urgent"]
CLIENTS = [
    ("Ирина Петрова", "irina@romashka.example"),
    ("John Miller", "john@alpha.example"),
    ("Сергей Иванов", "s.ivanov@vector.example"),
]
COMMENTS = [
    "Посмотрел логи — проблема в очереди обработки.",
    "Can reproduce on staging, working on a fix.",
    "Клиент подтвердил, что после обновления всё работает.",
    "Need a decision from product before we continue.",
    "Добавил тест, который воспроизводит проблему.",
]


def ensure_demo(ctx: Context) -> bool:
    """Fill an empty demo database; returns False when it was already filled."""
    if ctx.db.scalar("SELECT count(*) FROM tasks"):
        return False
    rng = random.Random(42)
    existing = set(ctx.users())
    for handle, name, email, contractor, rate in PEOPLE:
        if handle not in existing:
            add_user(ctx, handle, name=name, email=email, contractor=contractor, rate=rate)
    for group, members in GROUPS.items():
        add_group(ctx, group, members=members)
    today = ctx.local_now().date()
    handles = [p[0] for p in PEOPLE]
    for number in range(60):
        title = TITLES[number % len(TITLES)]
        if number >= len(TITLES):
            title = f"{title} ({number // len(TITLES) + 1})"
        due = today + timedelta(days=rng.randint(-5, 20)) if rng.random() < 0.7 else None
        requester = CLIENTS[number % 3][1] if number % 7 == 0 else None
        created = create_task(
            ctx,
            NewTask(
                title=title,
                description="Описание задачи и контекст обсуждения на совещании."
                if number % 2
                else "",
                assignee=rng.choice([*handles, None]),
                group=rng.choice([*GROUPS, None]),
                due=due,
                tags=rng.sample(TAGS, rng.randint(0, 2)),
                priority=rng.choice(["low", "normal", "normal", "high", "urgent"]),
                watchers=rng.sample(handles, rng.randint(0, 2)),
                requester=requester,
                channel="email" if requester else "cli",
            ),
        )
        for _ in range(rng.randint(0, 3)):
            add_comment(
                ctx, created.id, rng.choice(COMMENTS), public=bool(requester) and rng.random() < 0.5
            )
        state = rng.random()
        if state < 0.25:
            edit_task(ctx, created.id, TaskChanges(status="doing"))
        elif state < 0.35:
            edit_task(ctx, created.id, TaskChanges(status="waiting"))
        elif state < 0.6:
            close_task(ctx, created.id)
    _form_tasks(ctx, rng)
    return True


def _form_tasks(ctx: Context, rng: random.Random) -> None:
    """Support requests, an incident, KB articles, a release, invoices, contractor hours."""
    from teamtask.services.timelog import log_time

    support = [
        ("Не запускается обработка пакетов", "irina@romashka.example", "waiting_support"),
        ("Ошибка при выгрузке в 1С", "s.ivanov@vector.example", "waiting_client"),
        ("Cannot log in after password reset", "john@alpha.example", "waiting_fix"),
        ("Просьба добавить поле «Договор» в форму", "irina@romashka.example", "waiting_release"),
    ]
    for title, email, status in support:
        created = create_task(
            ctx,
            NewTask(
                title=title,
                form="support",
                requester=email,
                channel="email",
                description=f"Письмо клиента: {title}.",
                fields={"product": "CORRECT", "version": "4.1"},
            ),
        )
        add_comment(ctx, created.id, "Проверяем, ответим сегодня.", public=True)
        edit_task(ctx, created.id, TaskChanges(status=status))
    create_task(
        ctx,
        NewTask(
            title="Потенциальная проблема у клиента Ромашка: пакеты обрабатываются дольше нормы",
            form="incident",
            dedupe_key="monitoring:romashka:slow-batches",
            channel="automation",
            fields={"client": "Ромашка", "product": "CORRECT", "severity": "high"},
        ),
    )
    kb = [
        (
            "Не запускается обработка пакетов",
            "import",
            "Клиент загружает много крупных пакетов одновременно, обработка не запускается.",
            "Увеличить число воркеров очереди и разбить пакеты по 500 документов.",
        ),
        (
            "Распознавание ИНН на сканах низкого качества",
            "recognition",
            "На сканах 200 dpi путаются цифры 3 и 8 в ИНН.",
            "Сканировать в 300 dpi; проверка контрольной суммы исправит одиночные ошибки.",
        ),
        (
            "Выгрузка в 1С обрывается на больших реестрах",
            "export",
            "Выгрузка реестра более 10 000 строк завершается ошибкой таймаута.",
            "Включить постраничную выгрузку в настройках интеграции.",
        ),
    ]
    for title, problem, description, solution in kb:
        create_task(
            ctx,
            NewTask(
                title=title,
                form="kb",
                status="published",
                fields={
                    "product": "CORRECT",
                    "version": "4.1",
                    "problem_type": problem,
                    "description": description,
                    "solution": solution,
                },
            ),
        )
    create_task(
        ctx,
        NewTask(
            title="CORRECT 4.2",
            form="release",
            fields={
                "product": "CORRECT",
                "version": "4.2",
                "release_date": (ctx.local_now().date() + timedelta(days=14)).isoformat(),
                "features": [
                    {"feature": "Экспорт реестра в CSV", "task": 6, "done": True},
                    {"feature": "WIP-лимиты на доске", "task": 17, "done": False},
                ],
            },
        ),
    )
    for number, supplier, total in (
        ("118", 'ООО "Вектор"', "48 500,00"),
        ("2026-77", 'АО "Альфа"', "250 000,00"),
    ):
        create_task(
            ctx,
            NewTask(
                title="invoice",
                form="invoice",
                fields={
                    "number": number,
                    "supplier_name": supplier,
                    "total": total,
                    "date": ctx.local_now().date().isoformat(),
                },
            ),
        )
    design = create_task(
        ctx,
        NewTask(
            title="Design: new onboarding screens",
            assignee="design-oleg",
            tags=["design"],
            due=ctx.local_now().date() + timedelta(days=7),
        ),
    )
    edit_task(ctx, design.id, TaskChanges(status="doing"))
    for days_ago, minutes in ((3, 240), (2, 180), (1, 90)):
        log_time(
            ctx,
            design.id,
            minutes,
            note="макеты",
            user="design-oleg",
            on=ctx.local_now().date() - timedelta(days=days_ago),
        )
