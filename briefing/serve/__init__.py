"""Publishing a briefing over SSH (``briefing serve``); needs the optional ``ssh`` extra.

Only ``policy`` may be imported without asyncssh installed.
"""
