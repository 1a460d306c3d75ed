# TODO(notifications helper): scaffold only; replace with the real views.
from flask import Blueprint

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
def inbox():
    return "TODO"
