"""The demo's last part: recount the learning roll-up once every other part has recorded its history.

Demo parts date their learning back after recording it (a bulk UPDATE that passes no listener), so the
roll-up is recounted from the events at the end. It runs after every part registered before it (the metrics
app comes after the parts that record learning).
"""

from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part, registered_demo_parts


def recount(context: DemoContext) -> None:
    from leerritme.metrics.rollup import rebuild

    rows = rebuild(context.organisation)
    context.log(f"  the indicators' learning roll-up: {rows} rows")


register_demo_part(DemoDataPart("metrics.rollup", recount,
                                after=tuple(part.name for part in registered_demo_parts())))
