"""Thai first: the language is the one the person chose (the language cookie set by the switch in
the menu), else Thai, whatever the browser's Accept-Language says. Many phones in a village are set
to English by whoever sold them; the people holding them read Thai."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
