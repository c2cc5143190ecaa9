"""The CBT-I programme: one blueprint, a room per capability. habits/ holds the habit
checklist (catalogue, adherence, service, pages, strips); window/ holds the sleep window
(rules, the safety screen, service, presenters, pages, chart); course/ holds the six-week
course (progression rules, progress, session pages, outcomes); tools/ its worry time,
thought records and relaxation pages. The overview page, the shared
tables, forms and helpers sit here."""

from flask import Blueprint

bp = Blueprint("program", __name__)

from . import views  # noqa: E402,F401
from .course import views as course_views  # noqa: E402,F401
from .habits import views as habit_views  # noqa: E402,F401
from .tools import views as tool_views  # noqa: E402,F401
from .window import views as window_views  # noqa: E402,F401
