from leerritme.home.checks import secret_key_is_set


def test_it_refuses_to_serve_without_a_secret_key_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = ""
    [error] = secret_key_is_set()
    assert error.id == "leerritme.E001"


def test_it_is_content_with_a_secret_key_or_in_debug(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "a-long-random-secret-key-for-this-test-only-0123456789"
    assert secret_key_is_set() == []
    settings.DEBUG = True
    settings.SECRET_KEY = ""
    assert secret_key_is_set() == []


def test_serve_and_worker_refuse_to_start_without_a_secret_key(settings):
    import pytest
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    settings.SECRET_KEY = ""
    for command in ("serve", "worker"):
        with pytest.raises(CommandError, match="SECRET_KEY"):
            call_command(command)
