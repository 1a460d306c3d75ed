# TODO(admin helper): scaffold only; replace with the real views.
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/plugins")
def plugins():
    return "TODO"
