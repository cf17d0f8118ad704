def test_capture_and_list(tt):
    out = tt.ok("add", "Fix", "login", "@bob", "+bug", "due:fri").out
    assert out.startswith("#1 Fix login")
    rows = tt.ok("ls", "--format", "json").json()
    assert [(r["title"], r["assignee"], r["tags"]) for r in rows] == [("Fix login", "bob", ["bug"])]
