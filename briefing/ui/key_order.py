"""Keys handled one after another, in the order they were typed, even when read in a burst."""

from __future__ import annotations

from collections import deque
from functools import partial

from textual import events
from textual.app import App
from textual.dom import DOMNode

KEY_WAIT_LIMIT = 1.0
"""Seconds a key waits at most for the one before it: a key lost on the way (its widget
removed meanwhile) must not hold up the keys after it."""


class KeysInOrder(App[None]):
    """An app that sends a key on only once the key before it has been handled.

    Textual sends each key to the widget focused when the key arrives, and checks the
    bindings when the key comes back up to the app. Keys read together (a paste, a fast
    typist, a slow link) all arrive before the first is handled, so a key typed after one
    that moves the focus (Enter into the links, a pane's number, ``/``, Esc closing a
    dialog) would go to the old focus, or be typed into a box the key before it was about
    to close. Here each key waits for the one before it, which has been handled when a
    callback sent up after it, through the same widgets, reaches the app.
    """

    def __init__(self) -> None:
        super().__init__()
        self._waiting_keys: deque[events.Key] = deque()
        self._keys_sent = 0
        self._key_in_hand: int | None = None
        """The number of the key sent on and not yet handled, if any."""
        self._sending = False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and not self._sending:
            self._waiting_keys.append(event)
            await self._send_waiting_keys()
            return
        await super().on_event(event)

    async def _send_waiting_keys(self) -> None:
        while self._waiting_keys and self._key_in_hand is None:
            key = self._waiting_keys.popleft()
            sent_to: DOMNode = self.focused or self.screen
            self._sending = True
            try:
                await super().on_event(key)  # a priority binding, else sent to the focus
            finally:
                self._sending = False
            if key.is_forwarded:
                self._keys_sent += 1
                self._key_in_hand = number = self._keys_sent
                if not sent_to.call_later(self._follow_key, sent_to, number):
                    self._key_in_hand = None
                    continue
                self.set_timer(KEY_WAIT_LIMIT, partial(self._key_handled, number))

    def _follow_key(self, node: DOMNode, number: int) -> None:
        """Run by ``node`` once it has handled key ``number``: follow the key up to the
        parent, and so on to the app (the key goes up that way unless a widget stops it)."""
        parent = node.parent
        followed = (
            isinstance(parent, DOMNode)
            and parent is not self
            and parent.call_later(self._follow_key, parent, number)
        )
        if not followed:
            self.call_later(self._key_handled, number)

    async def _key_handled(self, number: int) -> None:
        if number == self._key_in_hand:
            self._key_in_hand = None
            await self._send_waiting_keys()
