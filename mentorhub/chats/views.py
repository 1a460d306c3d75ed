# TODO(chats helper): scaffold only; replace with the real views.
from flask import Blueprint

bp = Blueprint("chats", __name__)


@bp.get("/requests")
def my_requests():
    return "TODO"


@bp.get("/inbox")
def inbox():
    return "TODO"
