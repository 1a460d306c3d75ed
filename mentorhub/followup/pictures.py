"""Pictures drawn on the server as inline SVG: a student's network (who they met, who was
referred to whom) and a bar chart of chats per month.

The site's Content-Security-Policy allows no inline script, no ``<style>`` element and no
``style=`` attribute, so every picture here carries classes only and its look lives in
``static/css/charts.css``. pygal embeds its CSS and a config script in each chart: we strip
both, and keep pygal's CSS, scoped under ``.chart-svg``, between markers in that stylesheet
(``python -m mentorhub.followup.pictures`` rewrites the block after a pygal upgrade; a test
fails until someone does).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pygal
from markupsafe import Markup, escape
from pygal.style import Style

from mentorhub.config import data_folder

SVG_NS = "http://www.w3.org/2000/svg"
NODE_KINDS = ("you", "met", "referred")
EDGE_KINDS = ("chat", "referral")

NETWORK_WIDTH, NETWORK_HEIGHT = 640, 420
# Room around the layout so a label centred under a node at the edge still fits.
NETWORK_MARGIN_X, NETWORK_MARGIN_TOP, NETWORK_MARGIN_BOTTOM = 110, 30, 45
NODE_RADIUS = {"you": 18, "met": 12, "referred": 12}
LABEL_MAX = 32  # display names may be 80 characters; the full name stays in the node's <title>

CHART_WIDTH, CHART_HEIGHT = 640, 320
HORIZONTAL_CHART_WIDTH = 440
CHART_CLASS = "chart-svg"
PYGAL_CSS_BEGIN = "/* pygal CSS: begin (generated, do not edit; python -m mentorhub.followup.pictures) */"
PYGAL_CSS_END = "/* pygal CSS: end */"

# The site's palette (static/css/mentorhub.css): pygal writes these into its CSS.
CHART_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#4a5468",
    foreground_strong="#1d2433",
    foreground_subtle="#6b7385",
    colors=("#3a4fd8",),
    font_family="inherit",
    label_font_size=12,
    major_label_font_size=12,
    no_data_font_size=20,
    guide_stroke_color="#e2e6ee",
    major_guide_stroke_color="#c9cfdc",
    opacity=".9",
    opacity_hover="1",
)

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


def network_svg(
    nodes: Sequence[tuple[str, str, str]],
    edges: Sequence[tuple[str, str, str]],
    *,
    title: str,
    desc: str,
    id_prefix: str = "network",
) -> Markup:
    """The network as an inline ``<svg role="img">``: ``nodes`` are ``(key, label, kind)``
    with kind ``"you"``, ``"met"`` or ``"referred"``; ``edges`` are ``(from_key, to_key,
    kind)`` with kind ``"chat"`` or ``"referral"`` (drawn with an arrowhead at ``to_key``).

    The layout is seeded, so the same input draws the same picture. ``title`` and ``desc``
    are what a screen reader says; ``id_prefix`` keeps ids unique when a page shows two
    pictures. Raises ``ValueError`` for an unknown kind or an edge to an unknown key."""
    _check_id_prefix(id_prefix)
    kinds: dict[str, str] = {}
    for key, _label, kind in nodes:
        if kind not in NODE_KINDS:
            raise ValueError(f"node {key!r} has kind {kind!r}; the kinds are {NODE_KINDS}")
        kinds[key] = kind
    for from_key, to_key, kind in edges:
        if kind not in EDGE_KINDS:
            raise ValueError(f"edge {from_key!r}->{to_key!r} has kind {kind!r}; the kinds are {EDGE_KINDS}")
        for key in (from_key, to_key):
            if key not in kinds:
                raise ValueError(f"edge {from_key!r}->{to_key!r} names unknown node {key!r}")

    at = _network_positions([key for key, _, _ in nodes], [(a, b) for a, b, _ in edges])
    title_id, desc_id, arrow_id = f"{id_prefix}-title", f"{id_prefix}-desc", f"{id_prefix}-arrow"
    parts = [
        f'<svg xmlns="{SVG_NS}" class="network-svg" role="img" aria-labelledby="{title_id} {desc_id}"'
        f' viewBox="0 0 {NETWORK_WIDTH} {NETWORK_HEIGHT}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        f'<defs><marker id="{arrow_id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7"'
        ' markerHeight="7" orient="auto"><path class="arrowhead" d="M0,0 L10,5 L0,10 z"/></marker></defs>',
        "<g>",  # the edges, under the nodes
    ]
    for from_key, to_key, kind in edges:
        if from_key == to_key:
            continue  # a self-loop has no length to draw
        (x1, y1), (x2, y2) = at[from_key], at[to_key]
        marker = ""
        if kind == "referral":
            # End the line at the target's rim so the arrowhead is not hidden under its circle.
            x2, y2 = _towards((x2, y2), (x1, y1), NODE_RADIUS[kinds[to_key]] + 2)
            marker = f' marker-end="url(#{arrow_id})"'
        parts.append(
            f'<line class="edge edge-{kind}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"{marker}/>'
        )
    parts.append("</g><g>")  # the nodes
    for key, label, kind in nodes:
        x, y = at[key]
        radius = NODE_RADIUS[kind]
        shown = label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"
        parts.append(
            f'<g class="node node-{kind}"><title>{escape(label)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}"/>'
            f'<text class="node-label" x="{x:.1f}" y="{y + radius + 15:.1f}" text-anchor="middle">'
            f"{escape(shown)}</text></g>"
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))


def _network_positions(keys: list[str], pairs: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Each key's point in the viewBox: a seeded spring layout scaled evenly (so its shape
    is kept) to fill the box inside the margins, centred; a lone node sits in the middle."""
    graph = nx.Graph()
    graph.add_nodes_from(keys)
    graph.add_edges_from((a, b) for a, b in pairs if a != b)
    raw = {key: (float(x), float(y)) for key, (x, y) in nx.spring_layout(graph, seed=7).items()} if keys else {}
    left, right = NETWORK_MARGIN_X, NETWORK_WIDTH - NETWORK_MARGIN_X
    top, bottom = NETWORK_MARGIN_TOP, NETWORK_HEIGHT - NETWORK_MARGIN_BOTTOM
    xs = [x for x, _ in raw.values()] or [0.0]
    ys = [y for _, y in raw.values()] or [0.0]
    spread = max((max(xs) - min(xs)) / (right - left), (max(ys) - min(ys)) / (bottom - top))
    scale = 1 / spread if spread > 1e-12 else 0.0
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        key: ((left + right) / 2 + (x - mid_x) * scale, (top + bottom) / 2 + (y - mid_y) * scale)
        for key, (x, y) in raw.items()
    }


def _towards(point: tuple[float, float], other: tuple[float, float], distance: float) -> tuple[float, float]:
    """``point`` moved ``distance`` towards ``other`` (unchanged when they coincide)."""
    dx, dy = other[0] - point[0], other[1] - point[1]
    length = math.hypot(dx, dy)
    if length < 1e-9:
        return point
    step = min(distance, length) / length
    return point[0] + dx * step, point[1] + dy * step


def monthly_chart_svg(
    months: Sequence[tuple[str, int]],
    *,
    title: str,
    desc: str,
    series_label: str = "Chats",
    id_prefix: str = "chart",
    horizontal: bool = False,
) -> Markup:
    """A bar chart of ``months`` (``(label, count)`` pairs, oldest first) as an inline
    ``<svg role="img">`` drawn by pygal, with integer y labels, each bar titled with its
    month and count, and no script, ``<style>`` or ``style=`` (its CSS is in charts.css).

    ``title`` and ``desc`` are what a screen reader says; ``id_prefix`` keeps ids unique
    when a page shows two charts; ``horizontal`` lays the bars sideways, with room for long
    labels (e.g. a funnel's stages). No months draws an empty chart saying "No data"."""
    _check_id_prefix(id_prefix)
    counts = [int(count) for _, count in months]
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    options = _chart_options(no_prefix=True)
    if horizontal:  # narrower, so its labels stay readable when a phone shrinks it
        options["width"] = HORIZONTAL_CHART_WIDTH
    chart = kind(**options, y_labels=_integer_steps(max(counts, default=0)))
    chart.x_labels = [label for label, _ in months]
    chart.add(series_label, counts)
    root = ET.fromstring(chart.render())  # the parser drops pygal's comments (one is today's date)
    _strip_pygal_extras(root)
    for bar in _with_class(root, "bar"):
        facts = {d.get("class"): d.text or "" for d in bar.findall(f"{{{SVG_NS}}}desc")}
        for old in bar.findall(f"{{{SVG_NS}}}desc"):
            bar.remove(old)  # coordinates for pygal's tooltip script, which never runs here
        hover = ET.Element(f"{{{SVG_NS}}}title")
        hover.text = f"{facts.get('x_label', '')} – {series_label}: {facts.get('value', '')}"
        bar.insert(0, hover)

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    root.set("role", "img")
    root.set("aria-labelledby", f"{title_id} {desc_id}")
    heading = ET.Element(f"{{{SVG_NS}}}title", id=title_id)
    heading.text = title
    summary = ET.Element(f"{{{SVG_NS}}}desc", id=desc_id)
    summary.text = desc
    root.insert(0, summary)
    root.insert(0, heading)
    return Markup(_svg_text(root))


def _svg_text(root: ET.Element) -> str:
    """``root`` serialised with SVG as the default namespace (not ElementTree's ``ns0:``).

    ``tostring(default_namespace=...)`` refuses unqualified attributes, so the tags lose
    the namespace and the root says ``xmlns`` itself."""
    for element in root.iter():
        element.tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
    root.attrib = {"xmlns": SVG_NS, **root.attrib}
    return ET.tostring(root, encoding="unicode")


def _chart_options(*, no_prefix: bool) -> dict[str, Any]:
    """pygal's settings for every monthly chart (and for generating its CSS)."""
    return {
        "style": CHART_STYLE,
        "js": [],
        "no_prefix": no_prefix,
        "disable_xml_declaration": True,
        "show_legend": False,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "explicit_size": False,
        "classes": ["pygal-chart", CHART_CLASS],
        "margin": 16,
    }


def _integer_steps(top: int) -> list[int]:
    """Whole-number y labels from 0 to at least ``top`` in at most about five steps of 1, 2
    or 5 × 10ⁿ (pygal would otherwise label 0.2, 0.4, ... chats)."""
    if top <= 0:
        return [0, 1]
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if top / step <= 5:
                return list(range(0, math.ceil(top / step) * step + 1, step))
        magnitude *= 10


def _strip_pygal_extras(root: ET.Element) -> None:
    """Remove what the CSP forbids or only pygal's script uses: every ``<script>`` and
    ``<style>`` (its config and CSS, in ``<defs>``), the tooltip overlay (hidden by
    ``style="opacity: 0"``), its "Pygal" ``<title>``, the empty ``<defs>`` and root id; and
    drop any other ``style=`` (none in pygal 3.1 with our settings; a test watches)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    unwanted = _with_class(root, "tooltip-overlay") + [
        element for element in root.iter() if element.tag in (f"{{{SVG_NS}}}script", f"{{{SVG_NS}}}style")
    ]
    for element in unwanted:
        parents[element].remove(element)
    for child in list(root):
        if child.tag == f"{{{SVG_NS}}}title" or (child.tag == f"{{{SVG_NS}}}defs" and not len(child)):
            root.remove(child)
    if not root.get("id"):
        root.attrib.pop("id", None)
    for element in root.iter():
        element.attrib.pop("style", None)


def _with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if name in (element.get("class") or "").split()]


def _check_id_prefix(id_prefix: str) -> None:
    if not _ID.match(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r} must be a letter then letters, digits, '-' or '_'")


def pygal_css() -> str:
    """The CSS the installed pygal writes for our charts, scoped under ``.chart-svg``, one
    rule a line: what charts.css holds between its pygal markers."""
    chart = pygal.Bar(**_chart_options(no_prefix=False))
    chart.add("", [1])
    style = ET.fromstring(chart.render()).find(f"{{{SVG_NS}}}defs/{{{SVG_NS}}}style")
    css = (style.text or "") if style is not None else ""
    css = css.replace(f"#chart-{chart.uuid}", f".{CHART_CLASS}")
    css = re.sub(r"\s+", " ", css)
    rules = [rule.strip() + "}" for rule in css.split("}") if rule.strip()]
    return "\n".join(rules) + "\n"


def rewrite_stylesheet_block(stylesheet: Path) -> bool:
    """Put :func:`pygal_css` between the pygal markers of ``stylesheet``; whether it changed."""
    text = stylesheet.read_text(encoding="utf-8")
    begin, end = text.index(PYGAL_CSS_BEGIN) + len(PYGAL_CSS_BEGIN), text.index(PYGAL_CSS_END)
    updated = text[:begin] + "\n" + pygal_css() + text[end:]
    if updated != text:
        stylesheet.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":
    path = data_folder("static") / "css" / "charts.css"
    print(f"{path}: {'updated' if rewrite_stylesheet_block(path) else 'already up to date'}")
