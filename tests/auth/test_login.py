import re

from tests.factories import DEFAULT_PASSWORD, make_user

TOKEN = re.compile(
    r'(name="csrf_token" type="hidden" value="|name="csrf-token" content="|name="csrf_token" value=")[^"]+'
)


def _strip_tokens(html: str) -> str:
    return TOKEN.sub("TOKEN", html)


def test_login_and_logout(client, auth):
    make_user(email="sam@example.com")
    resp = auth.login()
    assert resp.status_code == 302
    assert client.get("/account").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/account").status_code == 302


def test_login_email_is_case_insensitive(client, auth):
    make_user(email="sam@example.com")
    assert auth.login(email="  SAM@example.com ").status_code == 302


def test_unknown_email_and_wrong_password_answer_the_same(client, auth):
    make_user(email="sam@example.com")
    wrong_pw = auth.login(password="not the password at all")
    unknown = auth.login(email="nobody@example.com")
    assert wrong_pw.status_code == unknown.status_code == 200
    assert "Email or password is incorrect." in wrong_pw.get_data(as_text=True)
    same_email = _strip_tokens(unknown.get_data(as_text=True)).replace(
        "nobody@example.com", "sam@example.com"
    )
    assert _strip_tokens(wrong_pw.get_data(as_text=True)) == same_email


def test_pages_need_login(client):
    for path in ("/account", "/diary", "/program"):
        resp = client.get(path)
        assert resp.status_code == 302
        assert "/login?next=" in resp.headers["Location"]


def test_logout_is_post_only(client, user):
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200


def test_cli_create_user(runner, client, auth):
    result = runner.invoke(
        args=["create-user", "Cli@Example.com", "--timezone", "Europe/Paris"],
        input=f"{DEFAULT_PASSWORD}\n{DEFAULT_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created cli@example.com" in result.output
    assert auth.login(email="cli@example.com").status_code == 302


def test_cli_create_user_rejects_weak_password(runner):
    result = runner.invoke(args=["create-user", "x@example.com"], input="password\npassword\n")
    assert result.exit_code == 2
    assert "too common" in result.output
