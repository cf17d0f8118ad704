"""Commands for people: users, groups, contacts."""

import sys
from typing import Annotated

import typer

from teamtask.cli.state import state_of

user_app = typer.Typer(help="Team members and contractors.", no_args_is_help=True)
group_app = typer.Typer(help="Groups (queues) such as support-l1.", no_args_is_help=True)
contact_app = typer.Typer(help="External requesters (clients).", no_args_is_help=True)


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    handle: str,
    name: Annotated[str, typer.Option("--name")] = "",
    email: Annotated[str | None, typer.Option("--email")] = None,
    telegram: Annotated[str | None, typer.Option("--telegram")] = None,
    contractor: Annotated[bool, typer.Option("--contractor")] = False,
    rate: Annotated[str | None, typer.Option("--rate", help="Hourly rate (contractors).")] = None,
) -> None:
    """Add a user."""
    from teamtask.services.people import add_user

    add_user(
        state_of(ctx).context(),
        handle,
        name=name,
        email=email,
        telegram=telegram,
        contractor=contractor,
        rate=rate,
    )
    sys.stderr.write(f"added @{handle.lstrip('@')}\n")


@user_app.command("ls")
def user_ls(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List users."""
    from teamtask.services.people import list_users

    users = list_users(state_of(ctx).context())
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json([u.as_json() for u in users])
        return
    from teamtask.cli.output import print_table

    print_table(
        None,
        ["handle", "name", "kind", "email", "telegram", "rate", "groups"],
        (
            [u.handle, u.name, u.kind, u.email, u.telegram, u.rate, ", ".join(u.groups)]
            for u in users
        ),
    )


@group_app.command("add")
def group_add(
    ctx: typer.Context,
    name: str,
    member: Annotated[list[str] | None, typer.Option("--member", "-m")] = None,
    title: Annotated[str, typer.Option("--title")] = "",
) -> None:
    """Add a group with optional members."""
    from teamtask.services.people import add_group

    add_group(
        state_of(ctx).context(), name, title=title, members=[m.lstrip("@") for m in member or []]
    )
    sys.stderr.write(f"added group {name}\n")


@group_app.command("ls")
def group_ls(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List groups and their members."""
    from teamtask.services.people import list_groups

    groups = list_groups(state_of(ctx).context())
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json(groups)
        return
    from teamtask.cli.output import print_table

    print_table(
        None,
        ["group", "title", "members"],
        ([g["name"], g["title"], " ".join("@" + m for m in g["members"])] for g in groups),
    )


@group_app.command("members")
def group_members(
    ctx: typer.Context,
    name: str,
    add: Annotated[list[str] | None, typer.Option("--add")] = None,
    remove: Annotated[list[str] | None, typer.Option("--remove")] = None,
) -> None:
    """Show or change a group's members."""
    from teamtask.services.people import change_members

    members = change_members(
        state_of(ctx).context(),
        name,
        add=[h.lstrip("@") for h in add or []],
        remove=[h.lstrip("@") for h in remove or []],
    )
    sys.stdout.write("".join(f"@{m}\n" for m in members))


@contact_app.command("ls")
def contact_ls(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """List external requesters."""
    from teamtask.services.people import list_contacts

    contacts = list_contacts(state_of(ctx).context())
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json(contacts)
        return
    from teamtask.cli.output import print_table

    print_table(
        None,
        ["id", "name", "email", "telegram", "organisation", "tasks"],
        (
            [
                c["id"],
                c["name"],
                c["email"],
                c["telegram"] and "@" + c["telegram"],
                c["organisation"],
                c["tasks"],
            ]
            for c in contacts
        ),
    )
