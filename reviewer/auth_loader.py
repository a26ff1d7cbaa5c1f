"""Flask-Login's user loader (registered in `reviewer.wiring`): a session is valid only while its
user is active and its session version is the user's current one (see `User.get_id`)."""
from models import User
from reviewer.extensions import db


def parse_session_id(value: str) -> tuple[int, int] | None:
    """ "<user id>:<session version>" → (id, version); None for anything else (old or forged)."""
    user_id, sep, version = (value or "").partition(":")
    if not sep or not user_id.isdigit() or not version.isdigit() or len(user_id) > 18 or len(version) > 18:
        return None
    return int(user_id), int(version)


def load_user(session_id: str):
    parsed = parse_session_id(session_id)
    if parsed is None:
        return None
    user = db.session.get(User, parsed[0])
    if user is None or not user.active or (user.session_version or 1) != parsed[1]:
        return None
    return user
