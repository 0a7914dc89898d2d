"""A clear Chinese message for a NUL byte in any text field.

Every form CharField (and so every TextField, in the admin, the public forms and the API) refuses a
NUL byte with django.core.validators.ProhibitNullCharactersValidator. Django's own Chinese for its
message reads "不允许是用空字符串", which is garbled and wrong (the text is not empty). The message is
the validator's class attribute, read when a value fails; the project's own replaces it once at
start, so every field, present and future, says what is wrong and what to do.
"""

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

NULL_CHARACTER_MESSAGE = _("The text contains an invisible control character (a null character); delete it and submit again.")


def use_clear_null_character_message():
    ProhibitNullCharactersValidator.message = NULL_CHARACTER_MESSAGE
