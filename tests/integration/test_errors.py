"""Bad input: exit codes, one clear sentence on stderr, never a traceback (issue 2, §5–6).

Every `tt` run in this directory is also checked for traceback text by conftest.py.
"""

from __future__ import annotations

from integration_helpers import ids

EXPECTED_STATUSES = ("todo", "doing", "waiting", "done", "cancelled")


def fails(tt, code: int, *args: str, **kwargs):
    result = tt(*args, **kwargs)
    assert result.code == code, f"tt {' '.join(args)} → {result.code}, wanted {code}\n{result.err}"
    assert result.out == "", "errors go to stderr, stdout stays clean"
    assert result.err.strip(), "an error must say what went wrong"
    return result


def test_bad_date_in_filter_names_the_token(tt):
    result = fails(tt, 2, "ls", "due:notadate")
    assert "notadate" in result.err
    assert "expected" in result.err or "e.g." in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_bad_date_in_capture_and_option(tt):
    assert "notadate" in fails(tt, 2, "add", "Report", "due:notadate").err
    assert "notadate" in fails(tt, 2, "add", "Report", "-d", "notadate").err
    assert "32.13.2026" in fails(tt, 2, "add", "Report", "-d", "32.13.2026").err
    assert tt.ok("ls", "status:any", "--format", "ids").out == ""


def test_unknown_handle_suggests_the_closest(tt):
    tt.ok("user", "add", "bobby", "--name", "Bobby")
    result = fails(tt, 2, "ls", "@bobb")
    assert "@bobb" in result.err
    assert "@bob" in result.err.replace("@bobb", "") and "@bobby" in result.err
    assert "@alice" not in result.err
    result = fails(tt, 2, "add", "Fix", "login", "@alcie")
    assert "@alice" in result.err
    assert "@alice" in fails(tt, 2, "add", "Fix", "login", "-a", "alcie").err
    assert "@carol" in fails(tt, 2, "ls", "watcher:carl").err
    assert tt.ok("ls", "status:any", "--format", "ids").out == "", "nothing was created"


def test_missing_task_is_not_found(tt):
    assert "999" in fails(tt, 1, "show", "999").err
    assert "999" in fails(tt, 1, "edit", "999", "--title", "x").err
    assert "999" in fails(tt, 1, "close", "999").err
    assert "999" in fails(tt, 1, "comment", "999", "hello").err
    assert "999" in fails(tt, 1, "attachment", "get", "999").err


def test_bad_priority(tt):
    tt.ok("add", "Task")
    result = fails(tt, 2, "add", "x", "-p", "bogus")
    assert "bogus" in result.err and "urgent" in result.err
    assert "bogus" in fails(tt, 2, "edit", "1", "-p", "bogus").err
    assert "bogus" in fails(tt, 2, "ls", "priority:bogus").err
    assert tt.ok("show", "1", "--json").json()["priority"] == "normal"


def test_move_to_unknown_status_lists_valid_ones(tt):
    tt.ok("add", "Task")
    result = fails(tt, 2, "move", "1", "nosuchstatus")
    assert "nosuchstatus" in result.err
    assert all(status in result.err for status in EXPECTED_STATUSES)
    assert "nosuchstatus" in fails(tt, 2, "edit", "1", "--status", "nosuchstatus").err
    task = tt.ok("show", "1", "--json").json()
    assert task["status"] == "todo"
    assert [e["action"] for e in task["history"]] == ["created"]


def test_empty_title(tt):
    fails(tt, 2, "add", "")
    fails(tt, 2, "add", "   ")
    fails(tt, 2, "add", "@bob", "+bug", "due:fri")  # only tokens, no title
    tt.ok("add", "Real")
    fails(tt, 2, "edit", "1", "--title", "")
    assert ids(tt.ok("ls", "--format", "ids")) == [1]
    assert tt.ok("show", "1", "--json").json()["title"] == "Real"


BAD_INPUT = [
    (("ls", "(+bug"), 2),
    (("ls", "+bug)"), 2),
    (("ls", "--sort", "bogus"), 2),
    (("ls", "--format", "xml"), 2),
    (("ls", "group:nosuch"), 2),
    (("ls", "is:bogus"), 2),
    (("add", "x", "--requester", "not-an-address"), 2),
    (("add", "x", "-g", "nosuch"), 2),
    (("add", "x", "--parent", "999"), 1),
    (("comment", "1", ""), 2),
    (("reopen", "1"), 2),
    (("assign", "1", "nobody"), 2),
    (("watch", "1", "nobody"), 2),
    (("attach", "1", "/nonexistent/file.txt"), 2),
    (("show", "abc"), 2),
    (("user", "add", "bob"), 1),
    (("user", "add", "bad handle!"), 2),
    (("group", "add", "support-l1"), 1),
    (("nosuchcommand",), 2),
]


def test_bad_input_exit_codes(tt):
    """Each command fails alone, with the documented code, stderr only, no traceback."""
    tt.ok("add", "Existing", "task")
    wrong = []
    for args, code in BAD_INPUT:
        result = tt(*args)
        if result.code != code or result.out or not result.err.strip():
            wrong.append((" ".join(args), code, result))
    assert wrong == []
    assert tt.ok("ls", "status:any", "--format", "ids").out == "1\n", "nothing was written"


def test_exit_codes_of_a_real_process(tt):
    """`python -m teamtask` returns the documented codes to the shell."""
    assert tt.subprocess("add", "Real", "process").code == 0
    bad = tt.subprocess("ls", "due:notadate")
    assert bad.code == 2 and "notadate" in bad.err
    missing = tt.subprocess("show", "999")
    assert missing.code == 1 and "999" in missing.err


def test_unknown_status_in_a_filter_is_bad_input(tt):
    result = tt("ls", "status:bogus")
    assert result.code == 2
    assert "bogus" in result.err and "waiting_support" in result.err and "todo" in result.err
