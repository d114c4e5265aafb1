from leerritme.metrics.exports import _safe


def test_a_leading_formula_character_is_escaped_and_nothing_else_changes():
    assert _safe("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert _safe("+31 6") == "'+31 6"
    assert _safe("-5") == "'-5"
    assert _safe("@team") == "'@team"
    assert _safe("") == ""  # an empty cell stays empty
    assert _safe("Onderhoud") == "Onderhoud"
    assert _safe(-5) == -5  # numbers are numbers, not formulas
    assert _safe(None) is None
