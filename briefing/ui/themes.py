"""The reader's colour themes, registered on the app and chosen with ``--theme``."""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "dark"


def _categories(light: str, heavy: str, other: str) -> dict[str, str]:
    """The colours of the three element categories, as theme variables.

    Each theme's three are apart in 16 colours as well as 256 and true colour (Rich maps
    them to three different colours of the 16), and each reads against the background.
    """
    return {
        "element-light-rare-earth": light,
        "element-heavy-rare-earth": heavy,
        "element-other-critical": other,
    }


THEMES: tuple[Theme, ...] = (
    Theme(
        name="dark",
        primary="#5FAFD7",
        secondary="#87AF87",
        accent="#F2A541",
        warning="#F2A541",
        error="#FF8787",
        success="#4CC38A",
        foreground="#E4E7EB",
        background="#14181D",
        surface="#1B2027",
        panel="#24282E",
        dark=True,
        variables={
            "pane-border": "#3B4552",
            # Slate rows, greys in 256 colours (a blue this dark turns teal there): white,
            # faded and coloured text all stay at 4.5:1 on them.
            "block-cursor-background": "#343A44",
            "block-cursor-foreground": "#FFFFFF",
            "block-cursor-blurred-background": "#262B32",
            "block-cursor-blurred-foreground": "#E4E7EB",
            "text-muted": "#A8ACB2",
            **_categories(light="#5FD787", heavy="#FFAF5F", other="#5FAFFF"),
        },
    ),
    Theme(
        name="light",
        primary="#005F87",
        secondary="#005F5F",
        accent="#87005F",
        warning="#5F5F00",
        error="#AF0000",
        success="#005F00",
        foreground="#1C2127",
        background="#F7F7F4",
        surface="#FFFFFF",
        panel="#E8E9E4",
        dark=False,
        variables={
            "pane-border": "#C4C8BE",
            # Colours of xterm's 256, so a 256-colour terminal shows them as they are: dark
            # enough for 4.5:1 on every background here, the cursor's included.
            "block-cursor-background": "#D7D7FF",
            "block-cursor-foreground": "#000000",
            "block-cursor-blurred-background": "#E4E4E4",
            "block-cursor-blurred-foreground": "#000000",
            "text-muted": "#585858",
            "footer-key-foreground": "#87005F",
            **_categories(light="#005F00", heavy="#87005F", other="#005FAF"),
        },
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
            # Behind text, only a blue this dark keeps orange and faded text at 7:1: the
            # cursor's row is also bold, and a row keeping its place underlined.
            "block-cursor-background": "#00005F",
            "block-cursor-foreground": "#FFFFFF",
            "block-cursor-text-style": "bold",
            "block-cursor-blurred-background": "#1C1C1C",
            "block-cursor-blurred-foreground": "#FFFFFF",
            "block-cursor-blurred-text-style": "underline",
            "text": "auto 100%",
            "text-muted": "#C6C6C6",
            "input-selection-background": "#0000AF",
            "input-selection-foreground": "#FFFFFF",
            **_categories(light="#00FF00", heavy="#FF8C00", other="#00FFFF"),
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
            **_categories(light="ansi_cyan", heavy="ansi_yellow", other="ansi_blue"),
        },
    ),
)

# Textual's own themes do not define the reader's variables; these stand in for them.
VARIABLE_DEFAULTS = {
    "pane-border": "#6B7280",
    **_categories(light="#5FD787", heavy="#FFAF5F", other="#5FAFFF"),
}

THEME_NAMES: tuple[str, ...] = tuple(theme.name for theme in THEMES)
