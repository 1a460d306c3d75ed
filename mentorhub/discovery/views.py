# TODO(discovery helper): scaffold only; replace with the real views.
from flask import Blueprint

bp = Blueprint("discovery", __name__)


@bp.get("/professionals")
def search():
    return "TODO"
