"""Must show 4, and the loader's rules: what start-up refuses, with a message naming the
plugin and the hook (or both sources), and how implementations are recognised."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mentorhub import create_app
from mentorhub.plugins._loader import PluginLoadError


def write_plugin(folder: Path, name: str, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.py").write_text(textwrap.dedent(source))
    return folder


def start(tmp_path: Path, *folders: Path):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'loading.db'}",
            "PLUGIN_DIRS": ":".join(str(f) for f in folders),
        }
    )


MISSPELLED = {
    "decorated": """
        from mentorhub.plugins import hookimpl

        @hookimpl
        def mentorhub_sugest_questions(student, professional):
            return ["What is a typical day like?"]
    """,
    "undecorated": """
        def mentorhub_sugest_questions(student, professional):
            return ["What is a typical day like?"]
    """,
}


@pytest.mark.parametrize("style", sorted(MISSPELLED))
def test_misspelled_hook_fails_start_up_naming_plugin_and_hook(tmp_path, style):
    folder = write_plugin(tmp_path / "dropins", "careers_club", MISSPELLED[style])
    with pytest.raises(PluginLoadError) as failure:
        start(tmp_path, folder)
    message = str(failure.value)
    assert "'careers_club'" in message
    assert "'mentorhub_sugest_questions'" in message
    assert "Did you mean 'mentorhub_suggest_questions'?" in message
    assert str(folder / "careers_club.py") in message


WRAPPERS = {
    "new-style wrapper": """
        from mentorhub.plugins import hookimpl

        @hookimpl(wrapper=True)
        def mentorhub_suggest_questions(student, professional):
            questions = yield
            return questions
    """,
    "old-style hookwrapper": """
        from mentorhub.plugins import hookimpl

        @hookimpl(hookwrapper=True)
        def mentorhub_suggest_questions(student, professional):
            yield
    """,
}


@pytest.mark.parametrize("style", sorted(WRAPPERS))
def test_wrapper_implementation_is_refused_at_start_up(tmp_path, style):
    folder = write_plugin(tmp_path / "dropins", "wrapping_club", WRAPPERS[style])
    with pytest.raises(PluginLoadError, match=r"Plugin 'wrapping_club' .*'mentorhub_suggest_questions' is a wrapper"):
        start(tmp_path, folder)


def test_two_folders_with_a_module_of_one_name_fail_naming_both(tmp_path):
    source = "def mentorhub_suggest_questions():\n    return ['Why this job?']\n"
    first = write_plugin(tmp_path / "first", "careers_club", source)
    second = write_plugin(tmp_path / "second", "careers_club", source)
    with pytest.raises(PluginLoadError) as failure:
        start(tmp_path, first, second)
    message = str(failure.value)
    assert "Two plugins are named 'careers_club'" in message
    assert str(first / "careers_club.py") in message and str(second / "careers_club.py") in message


def test_two_plugins_claiming_one_name_in_plugin_info_fail_naming_both(tmp_path):
    info = "from mentorhub.plugins import PluginInfo\nPLUGIN_INFO = PluginInfo(name='question_bank')\n"
    folder = write_plugin(tmp_path / "dropins", "my_questions", info)
    with pytest.raises(PluginLoadError) as failure:
        start(tmp_path, folder)
    message = str(failure.value)
    assert "Two plugins are named 'question_bank'" in message
    assert "project plugins/" in message and str(folder / "my_questions.py") in message


def test_argument_the_hook_does_not_provide_fails_start_up(tmp_path):
    folder = write_plugin(
        tmp_path / "dropins", "typo_club", "def mentorhub_suggest_questions(studnet):\n    return []\n"
    )
    with pytest.raises(PluginLoadError, match=r"'typo_club'.*takes 'studnet', which the hook does not provide"):
        start(tmp_path, folder)


def test_plugin_that_fails_to_import_is_named(tmp_path):
    folder = write_plugin(tmp_path / "dropins", "broken_club", "import no_such_module_anywhere\n")
    with pytest.raises(PluginLoadError, match=r"Plugin 'broken_club' .* failed to import"):
        start(tmp_path, folder)


def test_missing_plugin_folder_fails_start_up(tmp_path):
    with pytest.raises(PluginLoadError, match="does not exist"):
        start(tmp_path, tmp_path / "nowhere")


def test_plugin_pages_outside_their_prefix_fail_start_up(tmp_path):
    folder = write_plugin(
        tmp_path / "dropins",
        "loud_club",
        """
        from flask import Blueprint
        bp = Blueprint("loud_club", __name__)

        @bp.get("/admin/takeover")
        def takeover():
            return "mine"

        def mentorhub_register(app):
            app.register_blueprint(bp)
    """,
    )
    with pytest.raises(PluginLoadError, match=r"'loud_club'.*registered /admin/takeover.*under /plugins/loud_club/"):
        start(tmp_path, folder)


def test_undecorated_implementations_taking_any_subset_of_arguments_are_called(tmp_path):
    folder = write_plugin(
        tmp_path / "dropins",
        "subset_club",
        """
        from mentorhub.plugins import Advice

        def mentorhub_review_request():
            return [Advice("info", "no arguments at all")]

        def mentorhub_suggest_questions(ctx, professional):
            return [f"Question for {professional} at {ctx.now.year}"]

        def mentorhub_match_signals(**everything):
            from mentorhub.plugins import Signal
            return Signal(1, "got " + ",".join(sorted(everything)))
    """,
    )
    app = start(tmp_path, folder)
    from mentorhub.plugins import _calls as calls

    with app.test_request_context():
        assert "no arguments at all" in [a.text for a in calls.review_request("s", "p", "hi")]
        assert calls.suggest_questions(None, "Ana", None)[0].text.startswith("Question for Ana at 20")
        [signal] = [s for s in calls.match_signals(None, "p", {}) if s.reason.startswith("got ")]
        assert signal.reason == "got ctx,facts,professional,student"
    plugin = app.extensions["mentorhub.plugins"].plugins["subset_club"]
    assert plugin.hooks == ["mentorhub_match_signals", "mentorhub_review_request", "mentorhub_suggest_questions"]


def test_each_app_has_its_own_plugin_manager(tmp_path):
    first, second = start(tmp_path), start(tmp_path)
    assert first.extensions["mentorhub.plugins"].pm is not second.extensions["mentorhub.plugins"].pm
    assert "question_bank" in first.extensions["mentorhub.plugins"].plugins


def test_decorated_functions_with_a_specname_are_implementations_too(tmp_path):
    folder = write_plugin(
        tmp_path / "dropins",
        "named_club",
        """
        from mentorhub.plugins import hookimpl

        @hookimpl(specname="mentorhub_suggest_questions")
        def club_questions():
            return ["What do you look for in a new colleague?"]

        @hookimpl(specname="mentorhub_suggest_questions")
        def more_club_questions():
            return ["What would you study if you started again?"]
    """,
    )
    app = start(tmp_path, folder)
    from mentorhub.plugins import _calls as calls

    with app.test_request_context():
        texts = [q.text for q in calls.suggest_questions(None, None, None)]
    assert "What do you look for in a new colleague?" in texts
    assert "What would you study if you started again?" in texts


def test_decorated_function_naming_no_hook_fails_start_up(tmp_path):
    folder = write_plugin(
        tmp_path / "dropins",
        "odd_club",
        """
        from mentorhub.plugins import hookimpl

        @hookimpl
        def club_questions():
            return []
    """,
    )
    with pytest.raises(PluginLoadError, match="'odd_club'.*unknown hook 'club_questions'"):
        start(tmp_path, folder)
