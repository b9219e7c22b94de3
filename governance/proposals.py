"""What a change request proposes, shown as a redline against the text it was written against.

A change of wording (or an editorial correction) compares the proposed text with the article
text of the release the request was filed on. A new article replaces nothing, so all of it is
inserted; a removal strikes the whole article. The submission form's live preview, the public
page, the tracking page and the staff step pages all show the proposal this one way.
"""

from governance.constants import ChangeKind
from governance.models import ChangeRequest
from standards.redlines import Redline, redline


def proposal_redline(*, kind: str, base_text: str, proposed_text: str) -> Redline:
    old = "" if kind == ChangeKind.NEW_ARTICLE else base_text
    new = "" if kind == ChangeKind.REMOVE_ARTICLE else proposed_text
    return redline(old, new)


def change_request_redline(change_request: ChangeRequest) -> Redline:
    return proposal_redline(
        kind=change_request.kind,
        base_text=change_request.base_text,
        proposed_text=change_request.proposed_text,
    )
