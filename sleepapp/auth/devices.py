"""A short, human description of a browser from its User-Agent ("Firefox on Android"), for
the account page's list of logged-in browsers. Pure: no Flask."""

from __future__ import annotations

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", iPads may
# say "Macintosh", and Android also says "Linux".
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
    ("python-requests/", "a Python script"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str | None) -> str:
    agent = (user_agent or "")[:512]
    browser = next((name for marker, name in _BROWSERS if marker in agent), "A browser")
    system = next((name for marker, name in _SYSTEMS if marker in agent), None)
    return f"{browser} on {system}" if system else browser
