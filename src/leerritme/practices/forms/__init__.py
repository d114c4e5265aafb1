"""Practices forms, one module per area."""
