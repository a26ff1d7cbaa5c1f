"""Password strength: at least MIN_LENGTH characters and not easily guessed.

"Easily guessed" is zxcvbn's estimate (Dropbox's checker: common-password lists, dictionary words,
keyboard patterns, dates, repeats, l33t substitutions, plus the person's own user name and name):
a score below MIN_SCORE (0–4 scale; 3 = "safely unguessable: moderate protection from an offline
slow-hash attack", about 10^8 guesses) is refused. Chosen over a home-made list because it is
maintained and scores patterns, not just exact matches (see docs/security.md).
"""
from __future__ import annotations

from wtforms.validators import ValidationError
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MIN_SCORE = 3
# zxcvbn only looks at the first 100 characters; longer input is no weaker for it.
_CHECKED_CHARS = 100


def password_problem(password: str, user_inputs: tuple[str, ...] = ()) -> str | None:
    """The Chinese reason `password` is refused, or None when it is acceptable."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return f"密码至少 {MIN_LENGTH} 位。"
    inputs = [value for value in user_inputs if value]
    if zxcvbn(password[:_CHECKED_CHARS], user_inputs=inputs)["score"] < MIN_SCORE:
        return "密码过于常见或容易猜到（如常用密码、键盘序列、年份、用户名），请换一个更长、更不规则的密码。"
    return None


class StrongPassword:
    """WTForms validator: refuses a weak password (empty is left to Optional/DataRequired).

    The form's `username` and `display_name` fields, when present, count as guessable words.
    """

    def __call__(self, form, field):
        if not field.data:
            return
        inputs = tuple(str(form[name].data or "") for name in ("username", "display_name") if name in form)
        problem = password_problem(field.data, inputs)
        if problem:
            raise ValidationError(problem)
