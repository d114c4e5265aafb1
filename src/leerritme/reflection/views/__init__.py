"""Reflection views, one module per area: board (BOARD); team, actions, templates, summary, trends (AROUND)."""
