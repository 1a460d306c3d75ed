"""``mentorhub_template_slot``: plugins' HTML joined in plugin order; ``Markup`` is trusted,
a ``str`` is escaped; each plugin gets the page's objects in ``context``."""

from __future__ import annotations

import textwrap

import pytest

from mentorhub.plugins import _calls as calls

TRUSTED = '''
from markupsafe import Markup

def mentorhub_template_slot(name, context):
    if name == "student_dashboard":
        return Markup("<p class='a-trusted'>Hello from A, %s</p>") % context["user"].display_name
'''

ESCAPED = '''
def mentorhub_template_slot(name):
    if name == "student_dashboard":
        return "<script>alert('B')</script>"
'''


@pytest.fixture
def mentorhub_plugin_dirs(tmp_path):
    folder = tmp_path / "dropins"
    folder.mkdir()
    (folder / "a_trusted.py").write_text(textwrap.dedent(TRUSTED))
    (folder / "b_escaped.py").write_text(textwrap.dedent(ESCAPED))
    return [folder]


def test_slot_joins_markup_and_escaped_text_in_plugin_order(client, make_user, login):
    student = make_user("student", display_name="Ana <3")
    login(client, student)
    page = client.get("/dashboard").get_data(as_text=True)
    trusted = page.index("<p class='a-trusted'>Hello from A, Ana &lt;3</p>")
    escaped = page.index("&lt;script&gt;alert(&#39;B&#39;)&lt;/script&gt;")
    assert trusted < escaped
    assert "<script>alert" not in page


def test_unknown_slot_name_is_refused(app):
    with app.test_request_context(), pytest.raises(ValueError, match="unknown template slot 'sidebar'"):
        calls.template_slot("sidebar")
