"""Signed, expiring e-mail confirmation links and private tracking codes.

A change request filed without an account counts only once its submitter proves the e-mail
address: the confirmation e-mail carries a link signed with the site's secret and a timestamp,
valid for ``settings.CS_CONFIRMATION_MAX_AGE_DAYS``. Nothing is stored for it, so a forged or
altered link fails the signature and an old one fails the age check.

The tracking code is a random secret stored with the change request: whoever holds the private
tracking link may follow the request, answer questions and withdraw it, without an account.
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from governance.exceptions import ConfirmationLinkExpired, ConfirmationLinkInvalid

SALT = "governance.change_request.confirm"


def new_tracking_token() -> str:
    return secrets.token_urlsafe(32)


def confirmation_token(*, change_request_pk: int, email: str) -> str:
    return signing.dumps({"cr": change_request_pk, "email": email.lower()}, salt=SALT)


def read_confirmation_token(token: str) -> tuple[int, str]:
    """The change request's pk and e-mail address the token was made for.

    Raises ``ConfirmationLinkExpired`` for a genuine but old link (so a new one can be offered)
    and ``ConfirmationLinkInvalid`` for anything forged or mangled.
    """
    max_age = datetime.timedelta(days=settings.CS_CONFIRMATION_MAX_AGE_DAYS)
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        payload = signing.loads(token, salt=SALT)
        raise ConfirmationLinkExpired(
            _("Deze bevestigingslink is verlopen."), change_request_pk=payload["cr"]
        ) from None
    except (signing.BadSignature, ValueError):
        raise ConfirmationLinkInvalid(_("Deze bevestigingslink is niet geldig.")) from None
    return payload["cr"], payload["email"]
