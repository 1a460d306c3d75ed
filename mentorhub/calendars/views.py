# TODO(calendars helper): scaffold only; replace with the real views.
from flask import Blueprint

bp = Blueprint("calendars", __name__)
