"""Walkthrough exports: the whole animation as a GIF, the current frame as PNG or SVG, the
table as CSV. Works on any panel-like widget (``seek``, ``timeline``, ``scene``, ``mode``);
it never imports the panel (the panel imports it). ``export_part.export_gif`` builds a panel
offscreen for ``guiad render … --walkthrough``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEasingCurve
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from guiad.anim.timeline import Timeline
from guiad.core import csvtable
from guiad.core.atomic import replacing
from guiad.core.csvtable import number
from guiad.ui.images import save_png, widget_painter, write_svg
from guiad.ui.walkthrough.view import settle_layout

if TYPE_CHECKING:  # Pillow is imported by the GIF export itself: the window starts without it
    from PIL import Image

STEP_FRAME_MS = 1000  # how long each step's final frame shows
TOKEN_FRAMES = 2  # in-between frames with the token travelling along the step's edge
TOKEN_FRAME_MS = 180
LAST_FRAME_MS = 3000
CSV_COLUMNS = ("node", "name", "op", "inputs", "value", "local_partials", "dot", "adjoint")


Draw = Callable[[QWidget], QImage] | None  # a frame made of the panel (None: its grab)


def _image(widget: QWidget) -> QImage:
    """The widget as rendered now: 32 bits a pixel, blue first in memory (as ffmpeg's bgra
    reads it, no conversion on the GUI thread); a QImage may be read by another thread."""
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _pillow(image: QImage) -> Image.Image:
    """A frame as a Pillow RGB image."""
    from PIL import Image

    size = (image.width(), image.height())
    data = bytes(image.constBits())
    return Image.frombuffer("RGB", size, data, "raw", "BGRX", image.bytesPerLine(), 1)


def gif_frames(panel, draw: Draw = None) -> Iterator[tuple[QImage, int]]:
    """One frame per step (plus in-between token frames), each with how long it shows in
    milliseconds; the panel is left at the end. ``draw``: how a frame is made of the
    panel (a slide, say; by default the panel as it looks)."""
    draw = draw or _image
    settle_layout(panel)  # (a pending rewrap must not race the first frames)
    timeline = panel.timeline
    last = len(timeline) - 1
    for k in range(len(timeline)):
        panel.seek(k)
        step = timeline.current
        if k > 0 and TOKEN_FRAMES and step.edge is not None:
            # as on screen: the graph shows the step once the token has arrived
            panel.scene.show_step(timeline.steps[k - 1], panel.mode())
            panel.scene.start_token(step)
            for m in range(1, TOKEN_FRAMES + 1):
                panel.scene.set_token_progress(m / (TOKEN_FRAMES + 1))
                yield draw(panel), TOKEN_FRAME_MS
            panel.scene.hide_token()
            panel.scene.show_step(step, panel.mode())
        yield draw(panel), LAST_FRAME_MS if k == last else STEP_FRAME_MS


def gif_length(panel) -> int:
    """How many frames ``gif_frames`` gives (for a progress bar)."""
    steps = panel.timeline.steps
    tokens = sum(1 for k, step in enumerate(steps) if k > 0 and step.edge is not None)
    return len(steps) + TOKEN_FRAMES * tokens


def encode_gif(frames: Iterable[tuple[QImage, int]], path: str | Path) -> int:
    """Write (image, milliseconds) frames as a looping GIF at ``path`` (no temp file: the
    caller's ``replacing`` gives one); the number of frames."""
    from PIL import Image

    palette, durations = [], []
    for image, ms in frames:
        palette.append(_pillow(image).convert("P", palette=Image.Palette.ADAPTIVE, colors=255))
        durations.append(ms)
    palette[0].save(
        path,
        format="GIF",
        save_all=True,
        append_images=palette[1:],
        duration=durations,
        loop=0,
        optimize=False,
        disposal=1,
    )
    return len(palette)


VIDEO_FPS = 30
VIDEO_END_S = 2.0  # the last frame (Done) stays this long
VIDEO_CRF = 15  # x264's quality (0 best, 51 worst): imageio's quality 7, as before
# x264's fastest preset: the seed's 423 frames in 7.4 s of CPU (veryfast 10.5, the default
# ~15); the file is 3× veryfast's, 0.9 MB for 14 s (bench/video.py)
VIDEO_PARAMS = ("-preset", "ultrafast")
ENCODER_NICENESS = 10  # below the window's thread: the frames it paints come first


class VideoUnavailable(ValueError):
    """MP4 needs imageio and imageio-ffmpeg (the ``video`` extra)."""


def require_video() -> None:
    """VideoUnavailable unless imageio and imageio-ffmpeg can be imported."""
    import importlib.util

    if importlib.util.find_spec("imageio") is None or (
        importlib.util.find_spec("imageio_ffmpeg") is None
    ):
        raise VideoUnavailable(
            "MP4 export needs imageio and imageio-ffmpeg: pip install 'guiad[video]'"
        )


def write_mp4(panel, path: str | Path, fps: int | None = None, draw: Draw = None) -> int:
    """The walkthrough as it plays at 1× (each token eased along its edge), as an H.264 MP4
    at ``path`` (``fps``: VIDEO_FPS); the number of frames. Frames are streamed: memory does
    not grow with length."""
    require_video()
    fps = fps or VIDEO_FPS
    with replacing(path) as tmp:  # the file appears only once the encoder has finished
        return encode_mp4(video_frames(panel, fps, draw), tmp, fps)


def encode_mp4(frames: Iterable[tuple[QImage, int]], path: str | Path, fps: int) -> int:
    """Write (image, how many frames it shows) as an H.264 MP4 at ``path``; the frame count.
    OSError with ffmpeg's reason if it fails."""
    encoder = None
    count = 0
    try:
        for image, repeat in frames:
            if encoder is None:
                encoder = _start_ffmpeg((image.width(), image.height()), fps, path)
            data = image.constBits()
            for _ in range(repeat):
                encoder.stdin.write(data)
            count += repeat
    except BaseException as err:
        if encoder is not None:  # (Cancel: stop at once; the caller removes the temp file)
            reason = _stop(encoder, kill=True)[1]
            if isinstance(err, BrokenPipeError):
                raise OSError(f"ffmpeg could not write the video: {reason}") from None
        raise
    if encoder is not None:
        code, reason = _stop(encoder, kill=False)
        if code != 0:
            raise OSError(f"ffmpeg could not write the video: {reason}")
    return count


def _stop(encoder, kill: bool) -> tuple[int, str]:
    """End ffmpeg (at once if ``kill``, else once it has written the file): its exit code
    and the first line it printed (the cause; what follows are its consequences)."""
    import contextlib

    if kill:
        encoder.kill()
    with contextlib.suppress(OSError):  # (a pipe ffmpeg no longer reads)
        encoder.stdin.close()
    lines = encoder.stderr.read().decode(errors="replace").strip().splitlines()
    encoder.stderr.close()
    return encoder.wait(), lines[0] if lines else "no reason given"


def _start_ffmpeg(size: tuple[int, int], fps: int, path: str | Path):
    """ffmpeg reading raw BGRX frames on its stdin, at a lower priority than the window."""
    import contextlib
    import subprocess

    import imageio_ffmpeg

    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-y",
        "-f", "rawvideo",
        "-pix_fmt", "bgra",
        "-s", f"{size[0]}x{size[1]}",
        "-r", str(fps),
        "-i", "-",
        "-an",
        "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",  # (yuv420p wants even sizes)
        "-c:v", "libx264",
        "-pix_fmt", "yuv420p",
        "-crf", str(VIDEO_CRF),
        *VIDEO_PARAMS,
        "-f", "mp4",
        "-v", "error",
        str(path),
    ]  # fmt: skip
    encoder = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    if hasattr(os, "setpriority"):  # the window's frames first; ffmpeg takes what is left
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, encoder.pid, ENCODER_NICENESS)
    return encoder


def _video_timing(panel, fps: int) -> tuple[int, int]:
    """Frames per step, and of those the token's travel."""
    per_step = max(1, round(panel.step_interval() * fps / 1000))
    travel = min(per_step, max(1, round(panel.token_duration() * fps / 1000)))
    return per_step, travel


def video_frames(panel, fps: int = VIDEO_FPS, draw: Draw = None) -> Iterator[tuple[QImage, int]]:
    """The walkthrough at ``fps`` frames a second, each image with how many frames it shows:
    per step, the token travelling (eased, as on screen) and then the step's frame held for
    the rest of the step. ``draw``: as in ``gif_frames``."""
    draw = draw or _image
    settle_layout(panel)
    timeline = panel.timeline
    per_step, travel = _video_timing(panel, fps)
    easing = QEasingCurve(QEasingCurve.Type.InOutCubic)
    for k in range(len(timeline)):
        panel.seek(k)
        step = timeline.current
        held = per_step
        if k > 0 and step.edge is not None:
            panel.scene.show_step(timeline.steps[k - 1], panel.mode())
            if panel.scene.start_token(step):
                for m in range(1, travel + 1):
                    panel.scene.set_token_progress(easing.valueForProgress(m / travel))
                    yield draw(panel), 1
                held -= travel
            panel.scene.hide_token()
            panel.scene.show_step(step, panel.mode())
        if k == len(timeline) - 1:
            held = round(VIDEO_END_S * fps)
        yield draw(panel), max(held, 1)


def video_length(panel, fps: int = VIDEO_FPS) -> int:
    """About how many frames ``video_frames`` gives (exact unless a token's travel takes
    the whole step): for a progress bar."""
    per_step, travel = _video_timing(panel, fps)
    steps = panel.timeline.steps
    last = travel if len(steps) > 1 and steps[-1].edge is not None else 0
    return per_step * (len(steps) - 1) + last + round(VIDEO_END_S * fps)


def write_gif(panel, path: str | Path, draw: Draw = None) -> int:
    """Every step of ``panel``'s walkthrough as a GIF at ``path``; the number of frames."""
    with replacing(path) as tmp:
        return encode_gif(gif_frames(panel, draw), tmp)


def ensure_app() -> QApplication:
    """The QApplication, created offscreen if there is none (no window needed)."""
    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app


FRAME_SCALE = 2  # a frame PNG's pixels per logical pixel: crisp on paper and HiDPI screens


def export_frame_png(panel: QWidget, path: str | Path, scale: float = FRAME_SCALE) -> None:
    """The panel as it looks now, as a PNG drawn at ``scale`` (text and lines crisp, not a
    screen grab blown up)."""
    settle_layout(panel)
    size = panel.size()
    image = QImage(
        round(size.width() * scale), round(size.height() * scale), QImage.Format.Format_ARGB32
    )
    image.setDevicePixelRatio(scale)
    image.fill(0xFFFFFFFF)
    widget_painter(panel)(image)
    save_png(image, path)


def export_frame_svg(panel: QWidget, path: str | Path) -> None:
    """The panel as it looks now, as an SVG (vector: text stays text)."""
    settle_layout(panel)
    size = (panel.width(), panel.height())
    write_svg(path, size, widget_painter(panel), title="guiad walkthrough")


def table_rows(timeline: Timeline) -> list[dict[str, str]]:
    """The full table (the walkthrough's last step) with every number at full precision
    (empty where undefined or not computed; a cell of several partials separates them by
    one space)."""
    frame = timeline.steps[-1].frame
    graph = timeline.graph
    rows = []
    for i, node in enumerate(graph.nodes):
        partials = [frame.partials.get((i, k)) for k in range(len(node.inputs))]
        rows.append(
            {
                "node": str(i),
                "name": f"v{i}",
                "op": node.op if node.param is None else f"{node.op}({node.param!r})",
                "inputs": " ".join(f"v{j}" for j in node.inputs),
                "value": number(frame.values.get(i)),
                "local_partials": " ".join(number(p) for p in partials),
                "dot": number(frame.dots.get(i)),
                "adjoint": number(frame.adjoints.get(i)),
            }
        )
    return rows


def export_csv(timeline: Timeline, path: str | Path) -> None:
    """The table in guiad's CSV convention (core/csvtable): empty cells where undefined."""
    rows = [[row[name] for name in CSV_COLUMNS] for row in table_rows(timeline)]
    csvtable.write_cells_file(path, CSV_COLUMNS, rows)
