"""Flask-Login's user loader."""
from models import User
from reviewer.extensions import db, login_manager


@login_manager.user_loader
def load_user(user_id: str):
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None
