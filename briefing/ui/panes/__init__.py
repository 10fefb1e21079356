"""The reader's panes: the pane unit, one class per pane, and the table of panes."""
