"""Leerritme: learning in the rhythm of work."""

__version__ = "0.1.0"
