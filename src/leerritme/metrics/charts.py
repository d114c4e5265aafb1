"""Charts drawn on the server as SVG (for the management report PDF): bars or lines, with axes and a legend.

Plain SVG 1.1 shapes and text only, so fpdf2 can embed it as vector graphics and a browser can show it.
"""

from xml.sax.saxutils import escape  # nosec B406 (escapes text for the SVG we write; parses no XML)

COLOURS = ("#1f5f5b", "#b5651d", "#6c4f9c", "#2e7d32")
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 34, 44


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 2.5, 5, 10):
        magnitude = 10 ** (len(str(int(value))) - 1)
        top = step * magnitude
        if top >= value:
            return top
    return value


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def svg_chart(labels: list[str], series: list[tuple[str, list]], *, kind: str = "bar",
              low: float | None = None, high: float | None = None) -> bytes:
    """An SVG chart of `series` [(label, values)] over `labels`; None values leave a gap."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    present = [v for _label, values in series for v in values if v is not None]
    low = 0 if low is None else low
    high = high if high is not None else _nice_top(max(present, default=0))
    span = (high - low) or 1
    count = max(len(labels), 1)
    slot = plot_w / count

    def y_of(value: float) -> float:
        return TOP + plot_h - (value - low) / span * plot_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif">',
             f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    for step in range(5):
        value = low + span * step / 4
        y = y_of(value)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d9dede" '
                     f'stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#44504f">'
                     f'{_number(value)}</text>')
    every = max(1, round(count / 12))
    for index, label in enumerate(labels):
        if index % every:
            continue
        x = LEFT + slot * (index + 0.5)
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" text-anchor="middle" '
                     f'fill="#44504f">{escape(label)}</text>')
    if kind == "bar":
        width = slot * 0.8 / max(len(series), 1)
        for number, (_label, values) in enumerate(series):
            colour = COLOURS[number % len(COLOURS)]
            for index, value in enumerate(values):
                if not value:
                    continue
                x = LEFT + slot * index + slot * 0.1 + width * number
                y = y_of(value)
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                             f'height="{TOP + plot_h - y:.1f}" fill="{colour}"/>')
    else:
        for number, (_label, values) in enumerate(series):
            colour = COLOURS[number % len(COLOURS)]
            run: list[str] = []
            points = []
            for index, value in enumerate(values):
                if value is None:
                    points.append(run)
                    run = []
                    continue
                x, y = LEFT + slot * (index + 0.5), y_of(value)
                run.append(f"{x:.1f},{y:.1f}")
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
            points.append(run)
            for line in points:
                if len(line) > 1:
                    parts.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="{colour}" '
                                 f'stroke-width="2"/>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
                 f'stroke="#44504f" stroke-width="1"/>')
    x = LEFT
    for number, (label, _values) in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="10" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="20" font-size="12" fill="#1d2a2a">{escape(label)}</text>')
        x += 28 + 7 * len(label)
    parts.append("</svg>")
    return "".join(parts).encode()
