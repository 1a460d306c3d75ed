# TODO(scheduling helper): scaffold only; replace with the real views.
from flask import Blueprint

bp = Blueprint("scheduling", __name__)


@bp.route("/availability", methods=["GET", "POST"])
def edit_availability():
    return "TODO"
