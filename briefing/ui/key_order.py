"""Keys handled one after another, in the order they were typed, even when read in a burst.

The rules for keys typed ahead, all kept here (``tests/test_key_order.py`` and
``tests/test_app_burst.py`` check them, so a Textual upgrade that breaks one fails there):

1. Keys and pastes reach the reader one at a time, in the order they were read: the next
   is sent on only once the one before it has been handled.
2. A key has been handled when a callback queued after it at the widget it was sent to
   has followed it up through each parent to the app, the way the key itself bubbles;
   a priority binding handles its key before it is sent anywhere.
3. So what a key does to the focus must be done as the key is handled: in the action of a
   binding, with ``Screen.set_focus`` (``Widget.focus`` waits for the next turn of the
   loop). A message posted by the action is not waited for. That is why Enter is one
   binding of the main screen, which decides there what it means, rather than a
   message from the list.
4. A key whose widget is removed before it is handled lets the next go
   ``KEY_CHECK_AFTER`` seconds later; no key waits more than ``KEY_WAIT_LIMIT``.
"""

from __future__ import annotations

from collections import deque
from functools import partial

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.widget import Widget

KEY_CHECK_AFTER = 1.0
"""Seconds after which a key still in hand is looked at again: if the widget it was sent
to has gone (removed meanwhile, its callbacks with it), the keys after it go on."""
KEY_WAIT_LIMIT = 10.0
"""Seconds a key waits at most for the one before it, however busy the reader is."""

Typed = events.Key | events.Paste
"""What comes from the keyboard, and keeps its order."""


class KeysInOrder(App[None]):
    """An app that sends a key on only once the key before it has been handled.

    Textual sends each key to the widget focused when the key arrives, and checks the
    bindings when the key comes back up to the app. Keys read together (a fast typist, a
    slow link, keys typed while the reader was busy) all arrive before the first is
    handled, so a key typed after one that moves the focus (Enter into the links, a pane's
    number, ``/``, Enter in a dialog) would go to the old focus, or be typed into a box the
    key before it was about to close. Here each key, or paste, waits for the one before
    it, which has been handled when a callback sent up after it, through the same widgets,
    reaches the app.
    """

    def __init__(self) -> None:
        super().__init__()
        self._waiting_keys: deque[Typed] = deque()
        self._keys_sent = 0
        self._key_in_hand: int | None = None
        """The number of the key sent on and not yet handled, if any."""
        self._sending = False

    @property
    def keys_unhandled(self) -> int:
        """Keys (and pastes) read and not yet handled: waiting their turn, or in hand."""
        return len(self._waiting_keys) + (self._key_in_hand is not None)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, Typed) and not event.is_forwarded and not self._sending:
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
                self._check_key_later(number, sent_to, KEY_CHECK_AFTER)

    def _check_key_later(self, number: int, sent_to: DOMNode, waited: float) -> None:
        self.set_timer(KEY_CHECK_AFTER, partial(self._check_key, number, sent_to, waited))

    async def _check_key(self, number: int, sent_to: DOMNode, waited: float) -> None:
        """Key ``number`` has been in hand ``waited`` seconds: let the next go if the
        widget it was sent to has gone, or at the limit; else look again later. (A slow
        but healthy reader keeps the order.)"""
        if number != self._key_in_hand:
            return
        gone = isinstance(sent_to, Widget) and not sent_to.is_attached
        if gone or waited >= KEY_WAIT_LIMIT:
            await self._key_handled(number)
        else:
            self._check_key_later(number, sent_to, waited + KEY_CHECK_AFTER)

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
