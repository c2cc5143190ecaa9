"""Draw the app's PNG icons from static/img/icon.svg with headless Chromium (Playwright).

    .venv/bin/python scripts/make_icons.py

Writes static/img/icon-192.png and icon-512.png (purpose "any": the moon on a rounded white
tile) and icon-maskable-192.png and icon-maskable-512.png (purpose "maskable": a full-bleed
tile with the moon inside the central safe zone, a circle of 80% of the width, so any mask
shape a launcher applies keeps it whole). Run it again after changing icon.svg; the files
are committed, so the app itself never needs a browser.
"""

from __future__ import annotations

import base64
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "static" / "img"
CHROMIUM = "/usr/bin/chromium"
ACCENT = "#5b5fc7"  # the moon's colour in icon.svg

# name -> (tile colour, moon colour, moon size as a share of the side, corner radius share)
STYLES = {
    "icon": ("#ffffff", ACCENT, 0.72, 0.22),
    "icon-maskable": (ACCENT, "#ffffff", 0.56, 0.0),
}
SIZES = (192, 512)


def page_html(svg: str, size: int, tile: str, moon: str, share: float, radius: float) -> str:
    data = base64.b64encode(svg.replace(f'fill="{ACCENT}"', f'fill="{moon}"').encode()).decode()
    moon_px = round(size * share)
    return f"""<!doctype html><html><head><style>
html, body {{ margin: 0; background: transparent; }}
.tile {{ width: {size}px; height: {size}px; background: {tile}; border-radius: {round(size * radius)}px;
  display: flex; align-items: center; justify-content: center; }}
img {{ width: {moon_px}px; height: {moon_px}px; }}
</style></head><body><div class="tile">
<img src="data:image/svg+xml;base64,{data}" alt=""></div></body></html>"""


def main() -> None:
    svg = (IMG / "icon.svg").read_text()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, (tile, moon, share, radius) in STYLES.items():
            for size in SIZES:
                page = browser.new_page(viewport={"width": size, "height": size}, device_scale_factor=1)
                page.set_content(page_html(svg, size, tile, moon, share, radius))
                page.wait_for_load_state("load")
                out = IMG / f"{name}-{size}.png"
                page.locator(".tile").screenshot(path=str(out), omit_background=True)
                page.close()
                print(f"wrote {out.relative_to(ROOT)}")
        browser.close()


if __name__ == "__main__":
    main()
