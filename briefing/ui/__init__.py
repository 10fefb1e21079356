"""The interactive reader: a Textual app over a loaded briefing."""
