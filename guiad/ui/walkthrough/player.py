"""Playing the walkthrough: the timer that steps it forward at the chosen speed, looping at
the end if asked, and how long a token travels at that speed.

A part held by WalkthroughPanel (``panel.player``): it reads the panel only through the
public methods PlayerHost declares, and stops the token through the hook it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from guiad.anim.timeline import Timeline
    from guiad.ui.walkthrough.controls import ControlsBar

STEP_MS = 1100  # one step at 1× speed
TOKEN_SHARE = 0.8  # the token travels during this share of a step (then the number lands)


class PlayerHost(Protocol):
    """What the player needs of its panel."""

    @property
    def timeline(self) -> Timeline | None: ...

    def step_forward(self) -> None: ...
    def seek(self, index: int) -> None: ...


class Player(QObject):
    """Play, pause and the play timer; the speed and loop are read from the controls bar."""

    playing_changed = Signal(bool)

    def __init__(
        self,
        host: PlayerHost,
        controls: ControlsBar,
        stop_token: Callable[[], None],
        parent: QObject,
    ):
        super().__init__(parent)
        self._host = host
        self._controls = controls
        self._stop_token = stop_token  # shows the current step in full
        self._speed = 1.0
        self._timer = QTimer(self)  # advances the timeline while playing
        self._timer.timeout.connect(self.tick)
        controls.speed_chosen.connect(self.set_speed)
        self.set_speed(1.0)

    def set_speed(self, speed: float) -> None:
        self._speed = float(speed)
        self._timer.setInterval(max(1, int(STEP_MS / self._speed)))

    def token_duration(self) -> int:
        """Milliseconds a token travels along its edge at the current speed."""
        return max(1, int(STEP_MS * TOKEN_SHARE / self._speed))

    def step_interval(self) -> int:
        """Milliseconds between steps while playing (the speed sets it)."""
        return self._timer.interval()

    def is_playing(self) -> bool:
        return self._timer.isActive()

    def play(self) -> None:
        timeline = self._host.timeline
        if timeline is None or self.is_playing():
            return
        if timeline.at_end:
            self._host.seek(0)
        self._timer.start()
        self._controls.show_playing(True)
        self.playing_changed.emit(True)
        if self._controls.lecture():
            self.tick()  # at once: Space is the lecturer's "next"

    def pause(self) -> None:
        """Stop playing and stop the token where the step ends."""
        was_playing = self._timer.isActive()
        self._timer.stop()
        self._stop_token()
        self._controls.show_playing(False)
        if was_playing:
            self.playing_changed.emit(False)

    def toggle_play(self) -> None:
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def tick(self) -> None:
        """What the play timer does each interval: the next step, or loop, or stop."""
        timeline = self._host.timeline
        if timeline is None:
            self.pause()
            return
        if timeline.at_end:
            if self._controls.loop():
                self._host.seek(0)
                return
            self.pause()
            return
        self._host.step_forward()
        if self._controls.lecture():  # one step, its number lands, then it waits
            self._timer.stop()  # (not pause(): the token goes on to land)
            self._controls.show_playing(False)
            self.playing_changed.emit(False)
