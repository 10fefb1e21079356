"""The reader's colour themes, registered on the app and chosen with ``--theme``."""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "dark"

THEMES: tuple[Theme, ...] = (
    Theme(
        name="dark",
        primary="#5FA8D3",
        secondary="#7B9E89",
        accent="#F2A541",
        warning="#F2A541",
        error="#E5484D",
        success="#4CC38A",
        foreground="#E4E7EB",
        background="#14181D",
        surface="#1B2027",
        panel="#232A33",
        dark=True,
        variables={"pane-border": "#3B4552"},
    ),
    Theme(
        name="light",
        primary="#1F5F8B",
        secondary="#3D6B50",
        accent="#A34E00",
        warning="#A34E00",
        error="#B42318",
        success="#18794E",
        foreground="#1C2127",
        background="#F7F7F4",
        surface="#FFFFFF",
        panel="#E8E9E4",
        dark=False,
        variables={"pane-border": "#C4C8BE"},
    ),
    # Pure black and white with saturated accents, for low vision and bright rooms.
    Theme(
        name="high-contrast",
        primary="#FFFF00",
        secondary="#00FFFF",
        accent="#FF8C00",
        warning="#FFFF00",
        error="#FF4040",
        success="#00FF00",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#000000",
        boost="#FFFFFF",
        dark=True,
        variables={
            "pane-border": "#FFFFFF",
            "border": "#FFFF00",
            "border-blurred": "#FFFFFF",
            # A deep blue cursor keeps white, yellow and orange text readable on it.
            "block-cursor-background": "#0037DA",
            "block-cursor-foreground": "#FFFFFF",
            "block-cursor-text-style": "bold",
            "block-cursor-blurred-background": "#3A3A3A",
            "block-cursor-blurred-foreground": "#FFFFFF",
            "text-muted": "#FFFFFF",
            "footer-key-foreground": "#FFFF00",
        },
    ),
    # Only the terminal's own 16 colours: respects its palette, works over any SSH link.
    Theme(
        name="ansi",
        ansi=True,
        primary="ansi_blue",
        secondary="ansi_cyan",
        accent="ansi_yellow",
        warning="ansi_yellow",
        error="ansi_red",
        success="ansi_green",
        foreground="ansi_default",
        background="ansi_default",
        surface="ansi_default",
        panel="ansi_default",
        boost="ansi_default",
        dark=True,
        variables={
            "ansi-background": "ansi_black",
            "ansi-foreground": "ansi_white",
            "pane-border": "ansi_bright_black",
            "border": "ansi_bright_blue",
            "border-blurred": "ansi_bright_black",
            "block-cursor-foreground": "ansi_black",
            "block-cursor-background": "ansi_cyan",
            "block-cursor-blurred-foreground": "ansi_default",
            "block-cursor-blurred-background": "ansi_bright_black",
            "input-cursor-background": "ansi_white",
            "input-cursor-foreground": "ansi_black",
            "input-selection-background": "ansi_blue",
            "input-selection-foreground": "ansi_bright_white",
            "screen-selection-background": "ansi_blue",
            "screen-selection-foreground": "ansi_bright_white",
        },
    ),
)

# Textual's own themes do not define the reader's variables; these stand in for them.
VARIABLE_DEFAULTS = {"pane-border": "#6B7280"}

THEME_NAMES: tuple[str, ...] = tuple(theme.name for theme in THEMES)
