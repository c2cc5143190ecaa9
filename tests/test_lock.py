"""The locks (requirements.txt, requirements-dev.txt) are up to date with the human-edited
lists (requirements*.in) and pin every package, transitive ones too, with hashes."""

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCKS = {
    "requirements.txt": ["requirements.in"],
    "requirements-dev.txt": ["requirements-dev.in", "requirements.in"],
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]+\])?)==([^\s;\\]+)")


def _pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        match = PIN.match(line.strip())
        if match:
            name = re.sub(r"\[.*\]", "", match.group(1))
            pins[re.sub(r"[-_.]+", "-", name).lower()] = match.group(2)
    return pins


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_lock_matches_its_inputs(lock):
    text = (ROOT / lock).read_text()
    inputs = b"".join((ROOT / name).read_bytes() for name in LOCKS[lock])
    recorded = re.search(r"^# inputs-sha256: ([0-9a-f]{64})$", text, re.MULTILINE)
    assert recorded, f"{lock} was not made by `make lock`"
    assert recorded.group(1) == hashlib.sha256(inputs).hexdigest(), (
        f"{lock} is out of date with {', '.join(LOCKS[lock])}: run `make lock`"
    )
    locked = _pins(text)
    for name in LOCKS[lock]:
        for package, version in _pins((ROOT / name).read_text()).items():
            assert locked.get(package) == version, f"{package}=={version} from {name} not pinned in {lock}"


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_locked_package_is_pinned_with_hashes(lock):
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text())
    requirements = [b for b in blocks if PIN.match(b)]
    assert len(requirements) > len(_pins((ROOT / LOCKS[lock][0]).read_text()))  # transitive ones too
    for block in requirements:
        assert "--hash=sha256:" in block, f"no hash for {block.splitlines()[0]}"
    unpinned = [
        line
        for line in (ROOT / lock).read_text().splitlines()
        if re.match(r"^[A-Za-z][^;]*[<>~]=", line)  # an environment marker after ";" may compare
    ]
    assert not unpinned
