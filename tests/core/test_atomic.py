"""core/atomic.replacing: the file appears whole or not at all, under the user's name."""

from __future__ import annotations

import os
import stat

import pytest

from guiad.core.atomic import replacing, write_bytes_atomic


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    path = tmp_path / "walk.gif"
    path.write_bytes(b"old")
    seen = []

    def encode_and_die() -> None:
        with replacing(path) as tmp:
            seen.append(tmp)
            tmp.write_bytes(b"half")
            raise RuntimeError("encoder died")

    with pytest.raises(RuntimeError):
        encode_and_die()
    assert seen[0].parent == tmp_path
    assert seen[0].name.endswith(".tmp.gif")  # the target's suffix: ffmpeg picks the format
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["walk.gif"]


def test_the_new_file_replaces_the_old_and_keeps_its_permissions(tmp_path):
    path = tmp_path / "frame.png"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_bytes_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frame.png"]


def test_a_missing_folder_names_the_users_file_not_the_temp(tmp_path):
    path = tmp_path / "no-such-folder" / "plot.svg"
    with pytest.raises(FileNotFoundError) as caught:
        replacing(path).__enter__()
    assert caught.value.filename == os.path.realpath(path)
