import sqlalchemy as sa

from sleepapp.diary.models import DiaryEntry
from sleepapp.extensions import db
from sleepapp.program.habits.models import Habit
from sleepapp.program.window.models import SleepWindow


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_seed_demo_fills_diary_and_programme(runner, auth):
    args = [
        "seed-demo",
        "--email",
        "demo@example.com",
        "--password",
        "demo password 123",
        "--nights",
        "28",
        "--end",
        "2026-11-20",
    ]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Seeded 28 nights" in result.output
    assert _count(DiaryEntry) == 28
    assert _count(Habit) > 0 and _count(SleepWindow) > 0
    # Same seed, same data; running again refills instead of duplicating.
    assert runner.invoke(args=args).exit_code == 0
    assert _count(DiaryEntry) == 28
    assert auth.login("demo@example.com", "demo password 123").status_code == 302


def test_seed_demo_refuses_an_existing_account_with_another_password(runner, auth):
    base = ["seed-demo", "--email", "demo@example.com", "--nights", "3", "--no-programme"]
    assert runner.invoke(args=[*base, "--password", "demo password 123"]).exit_code == 0
    result = runner.invoke(args=[*base, "--password", "another password 456"])
    assert result.exit_code != 0
    assert "different password" in result.output
