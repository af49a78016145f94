"""What a new password must be, wherever one is set (invitations, resets, changes, the command
line, the demo): at least 8 characters, at most 1024 (hashing cost stays bounded), and not one of
the common passwords attackers try first: the `passwords` list of the zxcvbn package (30,000
passwords ranked by how often they appear in leaked password dumps), compared case-insensitively.
Logging in applies none of this: a password set before a rule existed still logs in."""

from zxcvbn.matching import RANKED_DICTIONARIES

from api.problems import Problem

MIN_LENGTH = 8
MAX_LENGTH = 1024
COMMON = RANKED_DICTIONARIES["passwords"]  # casefolded password -> rank, 1 the most common


def check_new_password(password, field="password"):
    """Answers the password, or raises a 422 `invalid_field` naming `field` and the rule."""
    problem = password_problem(password)
    if problem:
        raise Problem(422, "invalid_field", f"{field}: {problem}", field=field)
    return password


def password_problem(password):
    """The rule `password` breaks, in words, or None."""
    if len(password) < MIN_LENGTH:
        return f"at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"at most {MAX_LENGTH} characters"
    if password.casefold() in COMMON:
        return (f"too common (it is in a list of {len(COMMON):,} passwords known to attackers);"
                " choose another")
    return None
