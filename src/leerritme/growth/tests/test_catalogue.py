"""The catalogue: CSV import with a dry-run report (all or nothing, idempotent), recommendations, L&D curation."""

from decimal import Decimal

from django.urls import reverse

from leerritme.growth.importing import apply_offers, plan_offers
from leerritme.growth.models import DevelopmentPlan, Offer, OfferFormat, OfferKind, PlanGoal
from leerritme.growth.selectors import recommendations
from leerritme.orgs.models import TeamMembership
from leerritme.people.models import PersonSkill, Skill

GOOD = """titel;aanbieder;prijs;uren;vorm;taal;niveau;vaardigheden;link
Warmtepompen;ISSO;€ 1.250,50;16;klassikaal;Nederlands;gevorderd;Warmtepompen|Storingen;https://isso.nl/wp
Excel basis;NCOI;195;8;online;Engels;beginner;;
""".encode()


def test_the_dry_run_reports_what_would_happen_and_stores_nothing(in_org):
    plan = plan_offers(GOOD)
    assert plan.errors == [] and plan.creates == 2 and plan.updates == 0
    assert plan.new_skills == ["Storingen", "Warmtepompen"]
    assert not Offer.objects.exists() and not Skill.objects.exists()


def test_importing_writes_the_offers_with_their_skills_and_again_changes_nothing(in_org, carol):
    apply_offers(organisation=in_org, content=GOOD, by=carol)
    heat = Offer.objects.get(title="Warmtepompen")
    assert heat.price == Decimal("1250.50") and heat.format == OfferFormat.CLASSROOM and heat.language == "nl"
    assert heat.level == "advanced" and heat.kind == OfferKind.COURSE
    assert sorted(heat.skills.values_list("name", flat=True)) == ["Storingen", "Warmtepompen"]
    again = apply_offers(organisation=in_org, content=GOOD, by=carol)
    assert again.creates == 0 and again.updates == 2 and Offer.objects.count() == 2


def test_one_bad_row_means_nothing_is_imported_and_every_problem_is_named(in_org, carol):
    bad = b"""title,price,hours,format,link
Goed,100,8,online,https://x.nl
,50,1,online,
Duur,-5,abc,telepathisch,ftp://x
Goed,100,8,online,https://x.nl
"""
    plan = apply_offers(organisation=in_org, content=bad, by=carol)
    codes = sorted(error["code"] for error in plan.errors)
    assert codes == ["bad_choice", "bad_hours", "bad_url", "duplicate", "negative", "required"]
    assert all(message.startswith(("Row", "Regel")) for message in plan.messages)
    assert not Offer.objects.exists()


def test_a_file_without_a_title_column_is_refused(in_org):
    assert plan_offers(b"naam\n").errors[0]["code"] in ("no_rows", "no_title")
    assert plan_offers(b"prijs;uren\n100;8\n").errors[0]["code"] == "no_title"
    assert plan_offers(b"\xff\xfe\x00\x00garbage").errors


def test_the_import_page_checks_then_imports(login, carol, alice, in_org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("growth:offer_import", kwargs={"org": "vonk"})
    client = login(carol)
    response = client.post(url, {"file": SimpleUploadedFile("aanbod.csv", GOOD), "apply": "0"})
    assert 'id="import-report"' in response.content.decode() and not Offer.objects.exists()
    response = client.post(url, {"apply": "1"})
    assert response.status_code == 302 and Offer.objects.count() == 2
    assert login(alice).get(url).status_code == 403


def test_recommendations_weigh_wishes_goals_and_the_team(in_org, alice, bob, team):
    wished, goal_skill, team_skill, other = (Skill.objects.create(organisation=in_org, name=n)
                                             for n in ("Wens", "Doel", "Team", "Anders"))
    PersonSkill.objects.create(organisation=in_org, person=alice, skill=wished, wants_to_learn=True)
    PersonSkill.objects.create(organisation=in_org, person=bob, skill=team_skill, wants_to_learn=True)
    plan = DevelopmentPlan.objects.create(organisation=in_org, person=alice, year=2026)
    from django.utils import timezone

    plan.year = timezone.localdate().year
    plan.save()
    goal = PlanGoal.objects.create(organisation=in_org, plan=plan, title="Doel")
    goal.skills.add(goal_skill)
    offers = {}
    for name, skills in (("both", [wished, goal_skill]), ("team", [team_skill]), ("other", [other]),
                         ("wish", [wished])):
        offers[name] = Offer.objects.create(organisation=in_org, title=name)
        offers[name].skills.set(skills)
    Offer.objects.filter(title="wish").update(active=False)
    assert [o.title for o in recommendations(alice)] == ["both", "team"]
    assert TeamMembership.objects.filter(person=alice).exists()


def test_the_catalogue_list_does_not_grow_in_queries(login, alice, in_org, django_assert_max_num_queries):
    client = login(alice)
    url = reverse("growth:catalogue", kwargs={"org": "vonk"})
    client.get(url)
    skill = Skill.objects.create(organisation=in_org, name="S")
    for number in range(15):
        Offer.objects.create(organisation=in_org, title=f"Aanbod {number}").skills.add(skill)
    with django_assert_max_num_queries(14):
        response = client.get(url, {"kind": "course"}, HTTP_HX_REQUEST="true")
    assert response.content.decode().count("card-title") == 15


def test_l_and_d_adds_and_edits_an_offer(login, carol, in_org):
    client = login(carol)
    response = client.post(reverse("growth:offer_new", kwargs={"org": "vonk"}), {
        "title": "Nieuwe cursus", "kind": "course", "price": "99,95", "hours": "3", "format": "online",
        "language": "nl", "level": "beginner", "active": "on"})
    offer = Offer.objects.get()
    assert response.status_code == 302 and offer.price == Decimal("99.95") and offer.created_by == carol
    response = client.post(reverse("growth:offer_edit", kwargs={"org": "vonk", "uuid": offer.uuid}), {
        "title": "Nieuwe cursus", "kind": "course", "price": "-1", "hours": "3", "format": "online",
        "language": "nl", "level": "beginner"})
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.price == Decimal("99.95")
