"""ruff's security rules (S) run over the whole tree in CI; every place that silences one
says why, on the same line (issue 13: "every ignore explained")."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SILENCED = re.compile(r"#\s*noqa:\s*(?P<codes>[A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)(?P<rest>.*)$")


def _python_files() -> list[Path]:
    found: list[Path] = []
    for folder in ("sleepapp", "tests", "bench", "scripts", "migrations"):
        found += (ROOT / folder).rglob("*.py")
    return [*found, ROOT / "wsgi.py", ROOT / "gunicorn.conf.py"]


def test_every_silenced_security_rule_says_why():
    unexplained = []
    for path in _python_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = SILENCED.search(line)
            if not match or not any(re.fullmatch(r"S\d+", c.strip()) for c in match["codes"].split(",")):
                continue
            reason = match["rest"].strip(" -()")
            if len(reason) < 8:
                unexplained.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert unexplained == [], "say why after the code, e.g. '# noqa: S310 (our own server)'"


def test_the_security_rules_are_on_and_their_ignores_explained():
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    selected = re.search(r"^select = \[(.*)\]$", config, re.M)
    assert selected and '"S"' in selected.group(1)
    ignores = re.search(r"^ignore = \[\n(.*?)^\]", config, re.M | re.S)
    assert ignores, "keep one ignored rule (or group) per line, each with a comment"
    for line in ignores.group(1).splitlines():
        assert "#" in line and len(line.split("#", 1)[1].strip()) >= 8, line
