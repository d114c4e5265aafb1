import pytest

PASSWORD = "correct horse battery"


@pytest.fixture
def log_in(client):
    """Log in through allauth's real form (force_login skips rate limits, stages and records)."""

    def post(email, password=PASSWORD, **extra):
        return client.post("/accounts/login/", {"login": email, "password": password, **extra})

    return post
