"""The dashboard and the history cost a fixed number of SQL queries whatever the nights."""

from datetime import datetime

import pytest

from sleepapp.extensions import db
from tests.conftest import count_queries
from tests.diary.helpers import make_nights


def queries_for(client, path):
    with count_queries(db.engine) as statements:
        resp = client.get(path)
    assert resp.status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", ["/diary", "/diary/history", "/diary/history?page=2"])
def test_query_count_does_not_grow_with_nights(client, user, path):
    client.application.config["DIARY_PAGE_SIZE"] = 5  # so page 2 exists with 10 nights
    today = datetime.now(user.zone).date()
    make_nights(user, 10, today)
    few = queries_for(client, path)
    make_nights(user, 3000, today)
    many = queries_for(client, path)
    assert few == many
    assert many <= 6, many
