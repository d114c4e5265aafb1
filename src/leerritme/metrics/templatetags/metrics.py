from django import template

from leerritme.metrics.report import value_text

register = template.Library()


@register.filter
def metric(value, unit: str = "count") -> str:
    """A figure as the dashboard shows it: hours to one decimal, euros and averages to two, counts whole."""
    return value_text(value, unit)
