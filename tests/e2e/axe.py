"""axe-core (the npm package, pinned in package.json / package-lock.json) in Playwright.

`npm ci` at the repository root (make setup, .ci/run) puts axe.min.js under node_modules;
it is injected into the page and into each of its same-origin frames (Streamlit's
components), and run there with the WCAG 2.0/2.1 A and AA rules only.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN = """async tags => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    iframes: false,
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""


def missing() -> bool:
    return not AXE_JS.exists()


def violations(page) -> list[dict]:
    """Every WCAG 2.1 A/AA violation axe finds in the page and its frames."""
    source = AXE_JS.read_text(encoding="utf-8")
    found: list[dict] = []
    for frame in page.frames:
        if frame.is_detached() or not frame.url.startswith(("http://", "https://")):
            continue
        try:
            if not frame.evaluate("() => typeof axe !== 'undefined'"):
                frame.add_script_tag(content=source)
            result = frame.evaluate(RUN, WCAG_TAGS)
        except Exception:  # a frame of another origin or one that went away
            if frame is page.main_frame:
                raise
            continue
        for item in result:
            item["frame"] = "page" if frame is page.main_frame else frame.url
        found.extend(result)
    return found


def describe(found: list[dict]) -> str:
    lines = []
    for item in found:
        lines.append(f"{item['id']} ({item['impact']}) in {item['frame']}: {item['help']}")
        for node in item.get("nodes", [])[:6]:
            lines.append(f"    {node['target']}: {node['summary'][:300]}")
    return "\n".join(lines)
