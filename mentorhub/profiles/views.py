# TODO(profiles helper): scaffold only; replace with the real views.
from flask import Blueprint

bp = Blueprint("profiles", __name__)


@bp.route("/profile", methods=["GET", "POST"])
def edit():
    return "TODO"


@bp.get("/professionals/<int:user_id>")
def public(user_id: int):
    return "TODO"
