"""Journey: a person requests a course linked to a goal of their development plan, the team lead approves, the
budget shows the reservation, the person completes it with a reflection and sees it in their learning record;
four weeks later the reminder about applying it arrives."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect

from leerritme.growth.models import DevelopmentPlan, Offer, OfferRequest, PlanGoal, RequestStatus
from leerritme.growth.services.budget import budget_period_open, budget_rule_save
from leerritme.notifications.models import Notification
from leerritme.scheduler.services import scheduler_tick


def test_request_approve_complete_and_the_transfer_reminder(
    transactional_db, settings, tmp_path, org, team, alice, bob, base, page, sign_in
):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = base
    with scope(organisation=org):
        budget_rule_save(organisation=org, name="CAO", amount=Decimal("1500"),
                         valid_from=timezone.localdate().replace(month=1, day=1), valid_until=None)
        budget_period_open(person=alice, year=timezone.localdate().year)
        offer = Offer.objects.create(organisation=org, title="Warmtepompen in de praktijk", provider="ISSO",
                                     price=Decimal("650.00"), hours=Decimal("16"))
        plan = DevelopmentPlan.objects.create(organisation=org, person=alice, year=timezone.localdate().year)
        PlanGoal.objects.create(organisation=org, plan=plan, title="Warmtepompen zelf inregelen")
    growth = f"{base}/o/{org.slug}/growth"

    # Alice asks for the course, linked to her goal.
    sign_in(alice)
    page.goto(f"{growth}/catalogue/{offer.uuid}/")
    page.locator("#request-offer").click()
    page.locator("#id_goal").select_option(label=f"Warmtepompen zelf inregelen ({plan.year})")
    page.locator("#id_motivation").fill("Klanten vragen er steeds vaker om.")
    page.locator("#send-request").click()
    expect(page.locator("[data-status=requested]")).to_be_visible()
    with scope(organisation=org):
        request = OfferRequest.objects.get()
    assert request.goal.title == "Warmtepompen zelf inregelen"

    # Bob, her team lead, approves it.
    page.context.clear_cookies()
    sign_in(bob)
    page.goto(f"{growth}/requests/")
    page.locator("#to-decide a").first.click()
    page.locator("#approve").click()
    expect(page.locator("[data-status=approved]")).to_be_visible()

    # Alice's budget shows the reservation.
    page.context.clear_cookies()
    sign_in(alice)
    page.goto(f"{growth}/budget/")
    expect(page.locator("#budget-reserved")).to_contain_text("650")
    expect(page.locator("#budget-available")).to_contain_text("850")

    # She completes it with her certificate and what she will apply, with whom.
    certificate = tmp_path / "certificaat.pdf"
    certificate.write_bytes(b"%PDF-1.4\n% certificaat\n")
    page.goto(f"{growth}/requests/{request.uuid}/")
    page.locator("#complete").click()
    page.locator("#id_reflection_apply").fill("Het inregelen doe ik voortaan zelf bij de klant.")
    page.locator("#id_reflection_with").fill("Bob en de monteurs van Onderhoud")
    page.locator("#id_evidence").set_input_files(str(certificate))
    page.locator("#save-completion").click()
    expect(page.locator("[data-status=completed]")).to_be_visible()

    page.goto(f"{growth}/record/")
    expect(page.locator("#events")).to_contain_text("Warmtepompen in de praktijk")

    # Four weeks later the scheduler sends the reminder about applying it, once.
    later = timezone.now() + timedelta(weeks=4, hours=1)
    scheduler_tick(later, worker_id="browser-test")
    scheduler_tick(later + timedelta(hours=1), worker_id="browser-test")
    with scope(organisation=org):
        assert Notification.objects.filter(person=alice, kind="growth.transfer_reminder").count() == 1
        assert OfferRequest.objects.get().status == RequestStatus.COMPLETED
    page.goto(f"{base}/o/{org.slug}/notifications/")
    expect(page.locator("main")).to_contain_text("Warmtepompen in de praktijk")
