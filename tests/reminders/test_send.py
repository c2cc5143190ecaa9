"""`flask send-reminders` end to end without the internet: a browser's own key pair and auth
secret, a push service on 127.0.0.1, the message decrypted as the browser would (RFC 8291,
aes128gcm), once however often or however concurrently the command runs; expired
subscriptions removed; failures retried later with backoff."""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from sleepapp.extensions import db
from sleepapp.reminders import push, service
from sleepapp.reminders.models import PushSubscription, ReminderClaim
from sleepapp.reminders.rules import Kind
from sleepapp.reminders.vapid import vapid_keys
from tests.factories import make_entry, make_user
from tests.reminders.conftest import add_window

# Wednesday 25 March 2026, London on GMT: usual wake 07:00, log reminder 30 min later.
DUE = datetime(2026, 3, 25, 7, 30, tzinfo=UTC)
NIGHT = date(2026, 3, 25)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class PushService:
    """A push service on 127.0.0.1 that keeps what it receives and answers `status`."""

    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    status: int = 201
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def push_service(monkeypatch) -> Iterator[PushService]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    state: PushService

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with state.lock:
                state.received.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                    }
                )
                status = state.status
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = PushService(f"http://127.0.0.1:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Browser:
    """What a browser keeps for its subscription: the private key and the auth secret."""

    key: ec.EllipticCurvePrivateKey
    auth: bytes
    endpoint: str

    def subscription(self) -> dict[str, Any]:
        point = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64url(point), "auth": b64url(self.auth)}}

    def read(self, body: bytes) -> dict[str, Any]:
        plain = http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm")
        return dict(json.loads(plain))


def new_browser(push_service: PushService, name: str = "one") -> Browser:
    return Browser(
        ec.generate_private_key(ec.SECP256R1()), secrets.token_bytes(16), f"{push_service.url}/push/{name}"
    )


@pytest.fixture
def sam(app, push_service):  # type: ignore[no-untyped-def]
    person = make_user(email="sam@example.com", wake_time="07:00")
    service.save_settings(person, {Kind.LOG_DIARY: (True, 30)})
    browser = new_browser(push_service)
    service.subscribe(person, browser.subscription())
    person.browser = browser  # type: ignore[attr-defined]
    return person


def run(runner, now: datetime) -> str:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["send-reminders", "--now", now.isoformat()])
    assert result.exit_code == 0, result.output
    return str(result.output)


def claims() -> list[ReminderClaim]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(ReminderClaim).order_by(ReminderClaim.id)))


def test_a_reminder_arrives_encrypted_and_signed_and_only_once(runner, sam, push_service) -> None:  # type: ignore[no-untyped-def]
    assert "sent 1" in run(runner, DUE + timedelta(minutes=2))
    [message] = push_service.received
    assert message["path"] == "/push/one"
    assert message["headers"]["content-encoding"] == "aes128gcm"
    assert int(message["headers"]["ttl"]) > 0
    # VAPID (RFC 8292): signed with the app's key, which the page gives the browser.
    assert f"k={vapid_keys().public_key}" in message["headers"]["authorization"]
    assert sam.browser.read(message["body"]) == {
        "title": "Log last night",
        "body": "A minute now, while you remember: how did you sleep?",
        "url": "/diary/new?date=2026-03-25",
        "tag": "log_diary:2026-03-25",
    }
    assert "sent 0" in run(runner, DUE + timedelta(minutes=2))  # the same run again
    assert "sent 0" in run(runner, DUE + timedelta(minutes=7))  # the next run
    assert len(push_service.received) == 1
    [claim] = claims()
    assert (claim.status, claim.attempts, claim.kind, claim.night) == ("sent", 1, "log_diary", NIGHT)


def test_nothing_before_it_is_due_nor_long_after(runner, sam, push_service) -> None:  # type: ignore[no-untyped-def]
    run(runner, DUE - timedelta(minutes=1))
    run(runner, DUE + timedelta(hours=1))  # a missed run: stale, not sent late
    assert push_service.received == []


def test_the_morning_reminder_is_skipped_once_the_night_is_logged(runner, sam, push_service) -> None:  # type: ignore[no-untyped-def]
    make_entry(sam, NIGHT)
    assert "skipped 1" in run(runner, DUE)
    assert push_service.received == [] and claims() == []


def test_every_browser_gets_it_and_other_people_get_theirs(runner, sam, push_service) -> None:  # type: ignore[no-untyped-def]
    second = new_browser(push_service, "two")
    service.subscribe(sam, second.subscription())
    robin = make_user(email="robin@example.com", wake_time="07:00")  # chose nothing
    service.subscribe(robin, new_browser(push_service, "robin").subscription())
    run(runner, DUE)
    assert sorted(m["path"] for m in push_service.received) == ["/push/one", "/push/two"]
    by_path = {m["path"]: m for m in push_service.received}
    assert second.read(by_path["/push/two"]["body"])["title"] == "Log last night"


def test_wind_down_follows_the_window_and_names_its_bedtime(runner, sam, push_service) -> None:  # type: ignore[no-untyped-def]
    add_window(sam, date(2026, 3, 20), wake="06:30", minutes=420)  # bedtime 23:30
    service.save_settings(sam, {Kind.LOG_DIARY: (False, None), Kind.WIND_DOWN: (True, 45)})
    run(runner, datetime(2026, 3, 25, 22, 46, tzinfo=UTC))
    [message] = push_service.received
    assert sam.browser.read(message["body"])["body"].startswith("Bedtime is not before 23:30")


def test_an_expired_subscription_is_removed(runner, sam, push_service) -> None:  # type: ignore[no-untyped-def]
    push_service.status = 410
    assert "removed 1" in run(runner, DUE)
    assert service.subscriptions(sam) == [] and claims() == []
    push_service.status = 201
    run(runner, DUE + timedelta(minutes=5))
    assert len(push_service.received) == 1  # nothing more to send to


def test_a_failure_waits_then_is_retried_with_backoff(runner, sam, push_service) -> None:  # type: ignore[no-untyped-def]
    push_service.status = 503
    assert "will retry 1" in run(runner, DUE)
    [claim] = claims()
    assert claim.status == "failed" and claim.attempts == 1
    assert claim.next_attempt_at is not None
    assert claim.next_attempt_at.replace(tzinfo=UTC) == DUE + push.BACKOFF[0]
    run(runner, DUE + timedelta(minutes=1))  # still waiting: no tight loop
    assert len(push_service.received) == 1
    run(runner, DUE + timedelta(minutes=6))  # second try, fails again: a longer wait
    assert len(push_service.received) == 2
    [claim] = claims()
    assert claim.attempts == 2
    assert claim.next_attempt_at.replace(tzinfo=UTC) == DUE + timedelta(minutes=6) + push.BACKOFF[1]
    push_service.status = 201
    run(runner, DUE + timedelta(minutes=27))
    [claim] = claims()
    assert (claim.status, claim.attempts) == ("sent", 3)
    assert sam.browser.read(push_service.received[-1]["body"])["title"] == "Log last night"
    run(runner, DUE + timedelta(hours=2))
    assert len(push_service.received) == 3


def test_retries_stop_after_the_last_backoff(runner, sam, push_service) -> None:  # type: ignore[no-untyped-def]
    """Run every 5 minutes for 3 hours against a broken push service: tries at 0, 5, 25 and
    85 minutes (waits of 5, 20, 60), then never again."""
    push_service.status = 500
    for minutes in range(0, 185, 5):
        run(runner, DUE + timedelta(minutes=minutes))
    assert len(push_service.received) == len(push.BACKOFF) + 1 == 4
    [claim] = claims()
    assert claim.status == "gave_up"


def test_concurrent_runs_send_once(app, sam, push_service) -> None:  # type: ignore[no-untyped-def]
    """Four runs at the same moment (several instances): one claim wins, one message goes."""
    service.subscribe(sam, new_browser(push_service, "two").subscription())
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def one_run() -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                push.send_due(DUE)
                db.session.remove()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one_run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(m["path"] for m in push_service.received) == ["/push/one", "/push/two"]
    assert len(claims()) == 2


def test_a_claim_is_taken_once_on_this_database(app, sam) -> None:  # type: ignore[no-untyped-def]
    """The unique key itself, raced by threads each with its own connection (SQLite here, or
    PostgreSQL with TEST_DATABASE_URL, where the second insert waits for the first)."""
    from sleepapp.reminders.rules import due_now

    [reminder] = due_now(service.plan_for(sam), service.load_settings(sam), DUE, timedelta(minutes=30))
    sub_id = service.subscriptions(sam)[0].id
    barrier = threading.Barrier(6)
    won: list[bool] = []

    def take() -> None:
        with app.app_context():
            sub = db.session.get(PushSubscription, sub_id)
            barrier.wait(timeout=10)
            won.append(push._claim(sub, reminder) is not None)
            db.session.remove()

    threads = [threading.Thread(target=take) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(won) == [False] * 5 + [True]
    assert len(claims()) == 1


def test_now_must_carry_its_offset(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["send-reminders", "--now", "2026-03-25T07:30"])
    assert result.exit_code != 0 and "offset" in result.output
    assert os.environ.get("FLASK_VAPID_PRIVATE_KEY") is None  # the tests never rely on the environment


def test_deleting_the_account_leaves_no_claims(runner, sam, push_service) -> None:  # type: ignore[no-untyped-def]
    from sleepapp.auth.service import delete_account

    run(runner, DUE)
    assert len(claims()) == 1
    delete_account(sam, sam.test_password)
    assert claims() == []


def test_old_claims_are_forgotten_after_two_weeks(runner, sam, push_service) -> None:  # type: ignore[no-untyped-def]
    run(runner, DUE)
    run(runner, DUE + push.KEEP_CLAIMS - timedelta(minutes=1))
    assert len(claims()) == 1
    run(runner, DUE + push.KEEP_CLAIMS + timedelta(minutes=1))
    assert claims() == []
