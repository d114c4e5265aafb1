"""Walk every URL pattern: anonymously (login or 404) and as charlie, a member of another organisation (404).

A URL outside /o/<org>/ is public by nature; each one must be listed in PUBLIC with the reason it may be
reached without being a member, and the statuses an anonymous visitor may get. A new public URL that is
not listed fails this test, so none appears by accident.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ANY_SAFE = {200, 302, 400, 403, 404, 405, 410}

# name -> (reason it is reachable without membership, statuses an anonymous GET may return)
PUBLIC = {
    "root": ("Sends visitors to login, first start or their organisation.", {302}),
    "health": ("Load balancers and monitoring probe it; it says only 'ok'.", {200}),
    "setup": ("First start on an empty installation (and self-service sign-up when on).", {200, 302, 404}),
    "accounts:settings": ("The person's own account; requires login.", {302}),
    "accounts:set_language": ("Language switch works for visitors too; POST only.", {302, 405}),
    "invitation_accept": ("Secret, expiring token e-mailed to the invitee; unknown tokens give 404.", {404, 410}),
    "calendar_feed": ("Secret, revocable calendar address for calendar programs; unknown or revoked: 404.", {404}),
    "outbox": ("Demo outbox, only when DEBUG is on; 404 in production.", {404}),
    "outbox_message": ("Demo outbox, only when DEBUG is on; 404 in production.", {404}),
    "lrs:about": ("xAPI About resource: the LRS's versions, which the specification says should be readable "
                  "without credentials (Communication 2.8); it holds no organisation's data.", {200}),
}
# allauth's own pages (login, signup, password reset, two-factor): public by design or login-protected.
PUBLIC_PREFIXES = {
    "account_": ("django-allauth account pages (login, signup, reset, e-mail).", ANY_SAFE),
    "mfa_": ("django-allauth two-factor pages; require login.", {302, 404}),
    "admin:": ("Django admin for the operator; its own staff login.", {200, 302, 404}),
    "openbadges_": (
        "Open Badges 2.0 hosted verification: assertions, badge classes, issuers and images must be fetchable "
        "by anyone who verifies a badge; unknown ids give 404, revoked assertions 410.",
        {200, 404, 410},
    ),
    "lrs:": ("The xAPI endpoint: HTTP basic with an organisation's client credentials; 401 without.", {401}),
}


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            sub = ":".join(part for part in (namespace, entry.namespace) if part) or None
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), sub)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name or '<unnamed>'}" if namespace else entry.name
            yield prefix + str(entry.pattern), name


def _concrete(route: str, org_slug: str) -> str:
    route = route.replace("^", "").replace("$", "")
    route = route.replace("<slug:org>", org_slug)
    route = re.sub(r"<uuid:\w+>", str(uuid.uuid4()), route)
    route = re.sub(r"<(?:int):\w+>", "1", route)
    route = re.sub(r"<(?:str|slug|path):\w+>", "x", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "x1", route)
    route = route.replace("\\", "")
    return "/" + route


def all_routes():
    return [(route, name) for route, name in _walk(get_resolver().url_patterns)]


def _public_rule(name):
    if name in PUBLIC:
        return PUBLIC[name]
    for prefix, rule in PUBLIC_PREFIXES.items():
        if name and name.startswith(prefix):
            return rule
    return None


def test_every_url_is_either_tenant_scoped_or_listed_as_public():
    unlisted = [
        (route, name) for route, name in all_routes() if "<slug:org>" not in route and _public_rule(name) is None
    ]
    assert unlisted == [], "Public URLs need an entry in PUBLIC with a reason"


def test_anonymous_visitors_get_login_or_404_everywhere(org, client):
    for route, name in all_routes():
        url = _concrete(route, org.slug)
        response = client.get(url)
        if "<slug:org>" in route:
            assert response.status_code in {302, 404}, (url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), url
        else:
            _, allowed = _public_rule(name)
            assert response.status_code in allowed, (url, response.status_code)


def test_charlie_gets_404_on_every_url_of_another_organisation(org, alice, charlie, login):
    client = login(charlie)
    for route, _name in all_routes():
        if "<slug:org>" not in route:
            continue
        url = _concrete(route, org.slug)
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "dave"])
def test_members_never_get_a_server_error_on_any_url(who, org, request, login):
    person = request.getfixturevalue(who)
    client = login(person)
    for route, _name in all_routes():
        if "<slug:org>" not in route:
            continue
        url = _concrete(route, org.slug)
        response = client.get(url)
        assert response.status_code in ANY_SAFE, (url, response.status_code)
