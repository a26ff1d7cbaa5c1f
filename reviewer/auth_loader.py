"""Flask-Login's user loader (registered in `reviewer.wiring`)."""
from models import User
from reviewer.extensions import db


def load_user(user_id: str):
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None
