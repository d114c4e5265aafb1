"""Practices services (writes), one module per area."""
