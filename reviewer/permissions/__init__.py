"""Every permission rule of the site, as predicates `can_<verb>(user, thing)`: the one home.

Views call `require(can_x(current_user, obj))`; templates call the same predicates (they are
template globals as `perm`), so a button shows exactly when the action is allowed. One module per
feature; this package re-exports them so callers write `from reviewer import permissions as p`.
"""
from __future__ import annotations

from reviewer.permissions.admin import *  # noqa: F403
from reviewer.permissions.agreement import *  # noqa: F403
from reviewer.permissions.base import *  # noqa: F403
from reviewer.permissions.hearings import *  # noqa: F403
from reviewer.permissions.indicators import *  # noqa: F403
from reviewer.permissions.judgments import *  # noqa: F403
from reviewer.permissions.office import *  # noqa: F403
from reviewer.permissions.prechecks import *  # noqa: F403
from reviewer.permissions.publication import *  # noqa: F403
from reviewer.permissions.reviews import *  # noqa: F403
from reviewer.permissions.api import *  # noqa: F403
from reviewer.permissions.reversals import *  # noqa: F403
from reviewer.permissions.exports import *  # noqa: F403
