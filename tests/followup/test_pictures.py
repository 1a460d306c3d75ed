"""The server-drawn pictures: well-formed SVG a screen reader can name (role, title, desc),
user text escaped, nothing the Content-Security-Policy forbids (no script, no <style>, no
style=), the same picture for the same input, empty inputs, and charts.css in step with
the installed pygal."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pygal
import pytest

from mentorhub.followup.pictures import (
    LABEL_MAX,
    PYGAL_CSS_BEGIN,
    PYGAL_CSS_END,
    _chart_options,
    monthly_chart_svg,
    network_svg,
    pygal_css,
)

CHARTS_CSS = Path(__file__).parents[2] / "static" / "css" / "charts.css"
NS = "{http://www.w3.org/2000/svg}"
NASTY = '<script>alert(1)</script> & "x"'

NODES = [("me", "Ada", "you"), ("bo", "Bo Chen", "met"), ("cy", "Cy Diaz", "referred"), ("di", NASTY, "met")]
EDGES = [("me", "bo", "chat"), ("me", "di", "chat"), ("bo", "cy", "referral")]
MONTHS = [("Jan 2026", 3), ("Feb 2026", 0), ("Mar 2026", 7)]


def network(**overrides):
    args = {"title": "Your network", "desc": "You met two people; Bo referred you to Cy."} | overrides
    return network_svg(NODES, EDGES, **args)


def chart(months=MONTHS, **overrides):
    args = {"title": "Chats per month", "desc": "3 in January, none in February, 7 in March."} | overrides
    return monthly_chart_svg(months, **args)


def with_class(root, name):
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


@pytest.mark.parametrize("draw", [network, chart], ids=["network", "chart"])
def test_a_picture_is_an_img_whose_title_and_desc_come_first(draw):
    root = ET.fromstring(draw(title='Title <&> "q"', desc="Desc & more"))

    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert (first.tag, first.text) == (f"{NS}title", 'Title <&> "q"')
    assert (second.tag, second.text) == (f"{NS}desc", "Desc & more")
    assert root.get("aria-labelledby") == f"{first.get('id')} {second.get('id')}"


@pytest.mark.parametrize("draw", [network, chart], ids=["network", "chart"])
def test_a_picture_has_no_script_no_style_element_and_no_style_attribute(draw):
    svg = str(draw())

    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag in (f"{NS}script", f"{NS}style") or "style" in e.attrib]


@pytest.mark.parametrize("draw", [network, chart], ids=["network", "chart"])
def test_a_picture_is_the_same_each_time(draw):
    assert draw() == draw()


@pytest.mark.parametrize("draw", [network, chart], ids=["network", "chart"])
def test_two_pictures_on_one_page_have_no_id_in_common(draw):
    ids = [
        {e.get("id") for e in ET.fromstring(draw(id_prefix=prefix)).iter() if e.get("id")}
        for prefix in ("first", "second")
    ]

    assert ids[0] and ids[1] and not ids[0] & ids[1]


def test_a_network_shows_every_label_as_text_never_as_markup():
    svg = str(network())
    root = ET.fromstring(svg)

    labels = [t.text for t in root.iter(f"{NS}text")]
    assert labels == ["Ada", "Bo Chen", "Cy Diaz", NASTY]
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;" in svg


def test_a_network_draws_one_group_per_node_with_its_kind():
    root = ET.fromstring(network())

    kinds = [g.get("class") for g in with_class(root, "node")]
    assert kinds == ["node node-you", "node node-met", "node node-referred", "node node-met"]
    assert all(g.find(f"{NS}circle") is not None for g in with_class(root, "node"))


def test_a_network_gives_referrals_an_arrowhead_and_chats_none():
    root = ET.fromstring(network(id_prefix="mine"))

    lines = {line.get("class"): line for line in root.iter(f"{NS}line")}
    assert set(lines) == {"edge edge-chat", "edge edge-referral"}
    assert lines["edge edge-referral"].get("marker-end") == "url(#mine-arrow)"
    assert lines["edge edge-chat"].get("marker-end") is None
    assert root.find(f"{NS}defs/{NS}marker").get("id") == "mine-arrow"


def test_a_long_name_is_shortened_on_the_picture_and_whole_in_its_title():
    name = "Maximilian " * 7
    root = ET.fromstring(network_svg([("me", name, "you")], [], title="t", desc="d"))

    (node,) = with_class(root, "node")
    assert node.find(f"{NS}title").text == name
    shown = node.find(f"{NS}text").text
    assert len(shown) == LABEL_MAX and shown.endswith("…")


@pytest.mark.parametrize("count", [0, 1, 2])
def test_a_network_of_zero_one_or_two_people_draws_inside_the_picture(count):
    nodes = NODES[:count]
    edges = [("me", "bo", "chat")] if count == 2 else []
    root = ET.fromstring(network_svg(nodes, edges, title="t", desc="d"))

    circles = list(root.iter(f"{NS}circle"))
    assert len(circles) == count
    for circle in circles:
        assert 0 < float(circle.get("cx")) < 640 and 0 < float(circle.get("cy")) < 420


@pytest.mark.parametrize(
    ("nodes", "edges"),
    [
        ([("me", "Ada", "friend")], []),
        ([("me", "Ada", "you")], [("me", "me", "email")]),
        ([("me", "Ada", "you")], [("me", "ghost", "chat")]),
    ],
    ids=["node kind", "edge kind", "unknown node"],
)
def test_a_network_refuses_what_it_cannot_draw(nodes, edges):
    with pytest.raises(ValueError):
        network_svg(nodes, edges, title="t", desc="d")


def test_a_chart_titles_each_bar_with_its_month_and_count():
    root = ET.fromstring(chart(series_label="Chats"))

    titles = [bar.find(f"{NS}title").text for bar in with_class(root, "bar")]
    assert titles == ["Jan 2026 – Chats: 3", "Feb 2026 – Chats: 0", "Mar 2026 – Chats: 7"]
    assert not [bar for bar in with_class(root, "bar") if bar.find(f"{NS}desc") is not None]


def test_a_chart_labels_its_y_axis_in_whole_numbers():
    root = ET.fromstring(chart([("Jan", 3), ("Feb", 23)]))

    (axis,) = [e for e in with_class(root, "axis") if "y" in e.get("class").split()]
    assert [t.text for t in axis.iter(f"{NS}text")] == ["0", "5", "10", "15", "20", "25"]


def test_a_chart_shows_month_labels_as_text_shortened_by_pygal_when_long():
    root = ET.fromstring(chart([(NASTY, 1), ("Feb", 2)]))

    (axis,) = [e for e in with_class(root, "axis") if "x" in e.get("class").split()]
    shown = [t.text for t in axis.iter(f"{NS}text")]
    assert shown[1] == "Feb"
    assert shown[0].endswith("…") and NASTY.startswith(shown[0][:-1])
    assert NASTY in [t.text for t in axis.iter(f"{NS}title")]


@pytest.mark.parametrize("months", [[("Jan", 0), ("Feb", 0)], []], ids=["all zeros", "no months"])
def test_a_chart_of_nothing_still_draws(months):
    root = ET.fromstring(chart(months))

    assert root.get("role") == "img"
    assert len(with_class(root, "bar")) == len(months)


def test_charts_css_holds_the_css_the_installed_pygal_writes():
    text = CHARTS_CSS.read_text(encoding="utf-8")
    committed = text[text.index(PYGAL_CSS_BEGIN) + len(PYGAL_CSS_BEGIN) : text.index(PYGAL_CSS_END)].lstrip("\n")

    assert committed == pygal_css(), (
        f"pygal {pygal.__version__} writes other CSS than static/css/charts.css holds: "
        "run `python -m mentorhub.followup.pictures` and look at the diff"
    )


def test_pygal_sets_style_attributes_only_on_the_tooltip_we_drop():
    """If a pygal upgrade moves colours into style="", the chart would lose them silently."""
    raw = pygal.Bar(**_chart_options(no_prefix=True))
    raw.x_labels = ["Jan", "Feb"]
    raw.add("Chats", [2, 0])
    root = ET.fromstring(raw.render())

    styled = [e for e in root.iter() if "style" in e.attrib]
    assert styled and all("tooltip" in (e.get("class") or "").split() for e in styled)


def test_every_class_a_network_uses_has_a_rule_in_charts_css():
    css = CHARTS_CSS.read_text(encoding="utf-8")
    root = ET.fromstring(network())
    classes = {name for e in root.iter() for name in (e.get("class") or "").split()}

    assert classes, "the network has classes"
    assert not [name for name in sorted(classes) if not re.search(rf"\.{re.escape(name)}\b", css)]
