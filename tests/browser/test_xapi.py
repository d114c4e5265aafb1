"""Journey: the L&D admin creates credentials for an e-learning tool on the LRS page, copies the key and secret,
and the tool sends a statement with them; a member cannot reach the page."""

import base64
import json
import urllib.request

from playwright.sync_api import expect


def test_ld_admin_creates_a_client_and_the_tool_sends_learning(transactional_db, settings, org, alice, carol, base,
                                                                page, sign_in):
    settings.SITE_URL = base
    sign_in(carol)
    page.goto(f"{base}/o/{org.slug}/xapi-clients/")
    expect(page.locator("#xapi-endpoint")).to_have_text(f"{base}/xapi/")
    page.locator("#id_name").fill("Leerwijzer Academy")
    page.locator("#create-client").click()
    key = page.locator("#xapi-key").input_value()
    secret = page.locator("#xapi-secret").input_value()
    assert len(key) == 32 and len(secret) > 30
    # The copy button puts the secret on the clipboard and says so.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    copy = page.locator("button[data-copy='xapi-secret']")
    copy.click()
    expect(copy).to_have_text(copy.get_attribute("data-copied-text"))
    assert page.evaluate("navigator.clipboard.readText()") == secret
    expect(page.locator("table")).to_contain_text("Leerwijzer Academy")
    # Reloading the page neither shows the secret again nor makes a second client.
    page.reload()
    expect(page.locator("#xapi-secret")).to_have_count(0)
    expect(page.locator("table tbody tr")).to_have_count(1)

    # The tool uses the copied credentials.
    statement = {"actor": {"mbox": "mailto:alice@vonk.test"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
                 "object": {"id": "https://academy.example/modules/1"}}
    request = urllib.request.Request(
        f"{base}/xapi/statements", data=json.dumps(statement).encode(), method="POST",
        headers={"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode(),
                 "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200 and len(json.loads(response.read())) == 1

    # Revoking stops the tool.
    page.locator(f"[data-revoke='{key}']").click()
    expect(page.locator(f"[data-revoked='{key}']")).to_be_visible()
    try:
        urllib.request.urlopen(request)
        raise AssertionError("a revoked client was let in")
    except urllib.error.HTTPError as error:
        assert error.code == 401

    # A member does not get the page.
    page.context.clear_cookies()
    sign_in(alice)
    response = page.goto(f"{base}/o/{org.slug}/xapi-clients/")
    assert response.status == 403
