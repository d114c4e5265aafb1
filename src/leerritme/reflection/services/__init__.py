"""Reflection services (writes). The board's services are re-exported here; other areas add theirs below."""

from leerritme.reflection.services.board import (  # noqa: F401
    CardConflict,
    action_create,
    action_review,
    action_update,
    card_add,
    card_delete,
    card_edit,
    card_move,
    checkout_submit,
    group_create,
    group_delete,
    group_rename,
    session_close,
    session_join,
    session_phase_set,
    session_reveal,
    session_start,
    vote_cast,
    vote_withdraw,
)

# --- AROUND: re-exports of the services around the board (templates, summaries) ---
from leerritme.reflection.services.summary import (  # noqa: E402, F401
    participant_summary_email_set,
    summary_email_request,
)
from leerritme.reflection.services.templates import (  # noqa: E402, F401
    template_archive,
    template_create,
    template_update,
)
