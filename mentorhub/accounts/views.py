# TODO(accounts helper): scaffold only; replace with the real views.
from flask import Blueprint

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    return "TODO"


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    return "TODO"


@bp.post("/logout")
def logout():
    return "TODO"


@bp.post("/confirm/resend")
def resend_confirmation():
    return "TODO"
