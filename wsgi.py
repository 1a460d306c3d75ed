"""WSGI entry point: ``gunicorn wsgi:app`` or ``flask --app wsgi ...``."""

import gc

from mentorhub import create_app

app = create_app()
# Everything built so far (the app, its models, routes and plugins) lives as long as the
# process: after one collection (so no garbage is kept for ever), move it out of the garbage
# collector's sight, so the full collections that requests trigger no longer walk some
# 200,000 objects each time (issue 16's profile). Each gunicorn worker imports this module.
gc.collect()
gc.freeze()
