"""A file whose range the plots cannot sample: refused, or opened with the range shown.

Found while writing the GUI monkey test: the file format accepts x_min < x_max with any N,
but the plots refuse a range too narrow for N distinct points ([1, 1 + 1e-15]) or too wide
to step through ([-1e308, 1e308]). The window then opens the file, the plots keep their old
range while the document (and the next save) keeps the file's: the window showed one range
and saved another. Now one rule (guiad.core.sampling.range_problem) serves both, and either
outcome below is right.
"""

from __future__ import annotations

import json

import pytest

from guiad.core.expression import parse
from guiad.core.fileformat import Document, Settings, dumps
from guiad.ui.window import dialogs

UNSAMPLEABLE = [(1.0, 1.000000000000001), (-1e308, 1e308)]


@pytest.mark.parametrize(("x_min", "x_max"), UNSAMPLEABLE)
def test_unsampleable_range_is_refused_or_shown(x_min, x_max, window, tmp_path, monkeypatch):
    messages: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: messages.append(text))
    data = json.loads(dumps(Document(parse("sin(x)"), Settings())))
    data["settings"].update(x_min=x_min, x_max=x_max)
    path = tmp_path / "range.guiad.json"
    path.write_text(json.dumps(data))
    if window.open_path(path):
        settings = window.document.settings
        assert (settings.x_min, settings.x_max, settings.points) == window.plots.range()
    else:
        assert messages
