from django import template

from leerritme.orgs import rules

register = template.Library()


@register.filter
def can(person, rule_name):
    """{% if person|can:"people.manage" %}: the named rule from orgs.rules, for the current person."""
    return rules.can(person, rule_name)


@register.filter
def level_dots(level):
    """A skill level (1-4) as filled and empty dots, for sighted readers; pair it with the level's name."""
    try:
        level = int(level)
    except (TypeError, ValueError):
        return ""
    return "●" * level + "○" * (4 - level)


@register.simple_tag
def can_do(person, rule_name, obj=None):
    """{% can_do person "rhythm.edit" adoption as allowed %}: a named rule about one object."""
    return rules.can(person, rule_name, obj)
