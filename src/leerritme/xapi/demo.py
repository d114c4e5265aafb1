"""Demo data: a year of statements from a fictional outside e-learning tool, "Leerwijzer Academy".

The tool knows people by e-mail (mbox), as real tools do, so these statements show up in each demo
person's learning record next to their in-app learning (through `selectors.outside_learning_for`). The
demo logins all get some; of the other people about a third, with a cap so `--size large` stays quick.
"""

from datetime import timedelta

from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part
from leerritme.orgs.models import Person
from leerritme.people.demo import demo_logins
from leerritme.xapi.models import Client
from leerritme.xapi.services.clients import client_create
from leerritme.xapi.services.statements import MAX_BATCH, format_time, statements_store
from leerritme.xapi.vocabulary import ADL

TOOL = "Leerwijzer Academy"
HOME = "https://academy.leerwijzer.example/"
MODULES = [
    ("veiligheid-op-de-werkvloer", "Veiligheid op de werkvloer"), ("f-gassen-basis", "F-gassen: de basis"),
    ("warmtepomp-storingen", "Storingen aan warmtepompen zoeken"), ("klantgericht-werken", "Klantgericht werken"),
    ("nen-1010-update", "NEN 1010: wat is er nieuw"), ("excel-werkvoorbereiding", "Excel voor werkvoorbereiders"),
    ("feedback-geven", "Feedback geven in vijf minuten"), ("ergonomie", "Ergonomisch werken in de bus"),
    ("privacy-avg", "Privacy en de AVG"), ("zonnepanelen-omvormers", "Zonnepanelen en omvormers"),
]
MAX_PEOPLE = 400


def _module(slug: str, title: str) -> dict:
    return {"objectType": "Activity", "id": f"{HOME}modules/{slug}",
            "definition": {"name": {"nl-NL": title}, "type": "http://adlnet.gov/expapi/activities/module"}}


def add_outside_learning(context: DemoContext) -> None:
    organisation, rng, now = context.organisation, context.rng, context.now
    client = Client.objects.filter(name=TOOL).first()
    if client is None:
        client, _secret = client_create(organisation=organisation, name=TOOL, can_read=False, can_write=True)
    logins = {email for _login, email in demo_logins(organisation)}
    people = list(Person.objects.filter(is_active=True).values_list("pk", "user__email"))
    chosen = [email for _pk, email in people if email in logins]
    others = [email for _pk, email in people if email not in logins and rng.random() < 0.33]
    chosen += others[: max(0, MAX_PEOPLE - len(chosen))]
    statements = []
    for email in chosen:
        actor = {"objectType": "Agent", "mbox": f"mailto:{email}"}
        for slug, title in rng.sample(MODULES, rng.randint(2, 5)):
            started = now - timedelta(days=rng.randint(5, 360), hours=rng.randint(0, 8))
            module = _module(slug, title)
            statements.append({"actor": actor, "verb": {"id": ADL + "launched", "display": {"en-US": "launched"}},
                               "object": module, "timestamp": format_time(started)})
            if rng.random() < 0.8:
                minutes = rng.randint(15, 90)
                finished = started + timedelta(minutes=minutes, days=rng.choice([0, 0, 1, 3]))
                score = rng.randint(45, 100)
                passed = score >= 60
                statements.append({
                    "actor": actor,
                    "verb": {"id": ADL + ("passed" if passed else "failed"),
                             "display": {"en-US": "passed" if passed else "failed"}},
                    "object": module, "timestamp": format_time(min(finished, now)),
                    "result": {"score": {"scaled": score / 100, "raw": score, "min": 0, "max": 100},
                               "success": passed, "completion": True, "duration": f"PT{minutes}M"},
                })
    statements.sort(key=lambda statement: statement["timestamp"])
    for start in range(0, len(statements), MAX_BATCH):
        statements_store(organisation_id=organisation.pk, statements=statements[start:start + MAX_BATCH],
                         client=client)
    context.log(f"  xAPI: {len(statements)} statements from {TOOL} for {len(chosen)} people")


register_demo_part(DemoDataPart("xapi.outside_learning", add_outside_learning, after=("people.people",)))
