from django.conf import settings
from django.utils import translation

from leerritme.accounts.language import set_language_cookie


class UserLanguageMiddleware:
    """A logged-in person's language preference wins over the browser's and the cookie.

    The cookie follows the preference, so the login page after logging out (and the password-reset pages)
    still speak the person's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        # After the view: a login in this request counts too.
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.language
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != user.language
            and settings.LANGUAGE_COOKIE_NAME not in response.cookies
        ):
            set_language_cookie(response, user.language)
        return response
