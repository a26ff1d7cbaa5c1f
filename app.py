"""Entry point: `flask --app app run`, `gunicorn app:app`."""
from reviewer import create_app

app = create_app()
