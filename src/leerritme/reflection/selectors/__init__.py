"""Reflection selectors (reads), one module per area: board (BOARD), summary and trends (AROUND)."""
