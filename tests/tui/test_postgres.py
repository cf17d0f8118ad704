"""PostgreSQL: LISTEN/NOTIFY refresh, and the banner when the connection is lost."""

from __future__ import annotations

import pytest

from teamtask.db import DatabaseUrl

from .helpers import open_screen, screen_text, settle, wait_for

pytestmark = pytest.mark.postgres


def _dsn(url: str) -> str:
    dsn = DatabaseUrl.parse(url).dsn
    assert dsn is not None
    return dsn


@pytest.fixture
def pg_url(pg_server) -> str:
    import psycopg

    with psycopg.connect(_dsn(pg_server.url), autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename <> 'alembic_version'"
            )
        ]
        conn.execute(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )
    return pg_server.url


def _context(url: str, user: str = "anna"):
    from teamtask.config import load_settings
    from teamtask.services.context import open_context

    return open_context(load_settings(db=url, user=user))


async def test_notify_refreshes_the_registry_at_once(make_app, pg_url):
    from teamtask.services.tasks import NewTask, create_task

    _context(pg_url)  # bootstrap the user
    # A long poll interval: only a NOTIFY can bring the change within the deadline.
    app = make_app(db=pg_url, live=True, interval=5.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "2")
        await pilot.pause(0.5)  # the watcher is listening
        other = _context(pg_url)
        create_task(other, NewTask(title="Announced by NOTIFY"))  # its commit NOTIFYs
        took = await wait_for(
            pilot,
            lambda: any(r.title == "Announced by NOTIFY" for r in app.screen.records),
            timeout=2.0,
            what="the notified task",
        )
        assert took < 2.0
        other.db.close()


async def test_lost_connection_shows_a_banner_and_recovers(make_app, pg_url, pg_server):
    import psycopg

    _context(pg_url)
    app = make_app(db=pg_url, live=True, interval=0.3)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.5)
        name = DatabaseUrl.parse(pg_url).dsn.rsplit("/", 1)[1]  # type: ignore[union-attr]
        with psycopg.connect(_dsn(pg_server.admin_url), autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
        await wait_for(pilot, lambda: app.connection_problem is not None, what="the banner")
        assert "Database unreachable" in screen_text(pilot)
        await wait_for(pilot, lambda: app.connection_problem is None, timeout=8, what="recovery")
        assert "Reconnected to the database." in app.notices
        await pilot.press("2")
        await settle(pilot)
        assert app.unexpected_errors == []
        assert "Traceback" not in screen_text(pilot)
