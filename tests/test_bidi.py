"""Text a person wrote is shown bidi-isolated (inside <bdi> or an element with dir="auto"),
so a right-to-left override (U+202E) or right-to-left letters in it cannot reorder the
page around it."""

from __future__ import annotations

from html.parser import HTMLParser

from sleepapp.diary.service import today_for
from sleepapp.program.habits import service as habits_service
from tests.factories import make_entry, make_user

RLO = "\u202e"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Isolation(HTMLParser):
    """For each text node holding `needle`: is it inside an isolating element?"""

    def __init__(self, needle: str) -> None:
        super().__init__(convert_charrefs=True)
        self.needle = needle
        self.stack: list[tuple[str, bool]] = []
        self.found: list[tuple[str, bool]] = []  # (text, isolated)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self.stack.append((tag, tag == "bdi" or dict(attrs).get("dir") == "auto"))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self.needle in data:
            inside_title = any(tag == "title" for tag, _ in self.stack)
            isolated = any(iso for _, iso in self.stack)
            if inside_title:  # no elements in a <title>: FSI ... PDI isolate instead
                start = data.index(self.needle)
                isolated = "\u2068" in data[:start] and "\u2069" in data[start:]
            self.found.append((data, isolated))


def assert_isolated(html: str, needle: str, times: int = 1) -> None:
    parser = _Isolation(needle)
    parser.feed(html)
    assert len(parser.found) >= times, f"{needle!r} shown {len(parser.found)} times, expected {times}"
    bare = [text for text, isolated in parser.found if not isolated]
    assert not bare, f"not isolated: {bare}"


def test_diary_comment_and_medication_are_isolated(client, user):
    day = today_for(user)
    make_entry(user, day, comments=f"woke up {RLO}3 times", medication=f"herbal {RLO}tea")
    page = client.get(f"/diary/{day.isoformat()}").get_data(as_text=True)
    assert_isolated(page, f"woke up {RLO}3 times")
    assert_isolated(page, f"herbal {RLO}tea")
    assert f"<bdi>woke up {RLO}3 times</bdi>" in page


def test_report_isolates_medication_email_and_habit_names(client, auth):
    person = make_user(email="אבג@example.com")
    auth.login(email="אבג@example.com")
    today = today_for(person)
    make_entry(person, today, medication=f"pill {RLO}half")
    habits_service.add_custom_habit(person, f"walk {RLO}outside", None, today)
    page = client.get("/report").get_data(as_text=True)
    assert_isolated(page, f"pill {RLO}half")
    assert_isolated(page, "אבג@example.com")
    assert_isolated(page, f"walk {RLO}outside")


def test_account_page_isolates_the_email(client, auth):
    make_user(email="אבג@example.com")
    auth.login(email="אבג@example.com")
    assert_isolated(client.get("/account").get_data(as_text=True), "אבג@example.com")


def test_account_page_isolates_token_names(client, auth):
    make_user(email="sam@example.com")
    auth.login()
    resp = client.post(
        "/api/v1/tokens",
        json={
            "email": "sam@example.com",
            "password": "correct horse battery staple",
            "name": f"laptop {RLO}x",
        },
    )
    assert resp.status_code == 201
    assert_isolated(client.get("/account").get_data(as_text=True), f"laptop {RLO}x", times=2)


def test_own_habits_are_isolated_on_every_programme_page(client, user):
    name, note = f"stretch {RLO}gently", f"ten {RLO}minutes"
    resp = client.post("/program/habits", data={"action": "add", "name": name, "note": note})
    assert resp.status_code == 302
    habits = client.get("/program/habits").get_data(as_text=True)
    assert_isolated(habits, name, times=3)  # the flash, the list, the button's hidden text
    assert_isolated(habits, note)
    checklist = client.get("/program").get_data(as_text=True)
    assert_isolated(checklist, name)
    assert_isolated(checklist, note)
    habit = next(h for h in habits_service.list_habits(user, archived=None) if h.builtin_key is None)
    client.post(f"/program/habits/{habit.id}/archive")
    assert_isolated(client.get("/program/habits").get_data(as_text=True), name, times=2)
    client.post(f"/program/habits/{habit.id}/restore")
    assert_isolated(client.get("/program/habits").get_data(as_text=True), name, times=2)


def test_flash_escapes_the_habit_name(client, user):
    resp = client.post("/program/habits", data={"action": "add", "name": "<i>walk</i>", "note": ""})
    assert resp.status_code == 302
    page = client.get("/program/habits").get_data(as_text=True)
    assert "<i>walk</i>" not in page
    assert "<bdi>&lt;i&gt;walk&lt;/i&gt;</bdi>" in page


def test_guide_search_query_is_isolated(client):
    page = client.get("/guide/search", query_string={"q": f"nap {RLO}zzz"}).get_data(as_text=True)
    assert_isolated(page, f"nap {RLO}zzz", times=2)  # the <title> and the results line
