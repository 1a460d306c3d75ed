import logging
import os
from logging.config import fileConfig

from flask import current_app

from alembic import context
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
# Keep the app's loggers alive when migrations run inside a process (tests, `make run`).
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger('alembic.env')


def get_engine():
    return current_app.extensions['migrate'].db.engine


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace(
            '%', '%%')
    except AttributeError:
        return str(get_engine().url).replace('%', '%%')


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option('sqlalchemy.url', get_engine_url())
target_db = current_app.extensions['migrate'].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def render_item(type_, obj, autogen_context):
    """Render our UTC timestamp type as its plain implementation, so migrations do not
    import application code."""
    from mentorhub.database import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_object(obj, name, type_, reflected, compare_to):
    """Leave out of comparisons what autogenerate cannot manage: objects declared for another
    dialect only (``ddl_if``) and SQLite's FTS5 mirror of the search documents."""
    from mentorhub.database import schema_object_included

    return schema_object_included(obj, name, type_, reflected, get_engine().dialect.name)


def get_metadata():
    if hasattr(target_db, 'metadatas'):
        return target_db.metadatas[None]
    return target_db.metadata


def _set_aside_removed_plugins(connection):
    """The ``alembic_version`` rows of branches no installed plugin has (a plugin that was
    removed), taken out for this run with a warning, so the core and the other plugins
    keep migrating; the removed plugin's tables are left alone."""
    if not inspect(connection).has_table("alembic_version"):
        return []
    script = ScriptDirectory.from_config(config)
    revisions = list(script.walk_revisions())
    known = {revision.revision for revision in revisions}
    core_folder = os.path.join(config.get_main_option("script_location"), "versions")
    core = {r.revision for r in revisions if os.path.dirname(os.path.abspath(r.path)) == os.path.abspath(core_folder)}
    rows = list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    orphans = [row for row in rows if row not in known]
    if orphans and not any(row in core for row in rows):
        # No row is the core's: the unknown one is, from a newer MentorHub. Stop.
        raise RuntimeError(
            f"The database is at revision(s) {', '.join(orphans)}, which this code does not have: it was "
            "migrated by a newer MentorHub. Deploy that version (or newer) instead.")
    for row in orphans:
        logger.warning("alembic_version holds %s, which no installed plugin provides (a removed plugin?): "
                       "skipped, and its tables are left alone", row)
        connection.execute(text("DELETE FROM alembic_version WHERE version_num = :v"), {"v": row})
    return orphans


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, 'autogenerate', False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info('No changes in schema detected.')

    conf_args = current_app.extensions['migrate'].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives
    conf_args.setdefault("render_item", render_item)
    conf_args.setdefault("include_object", include_object)
    conf_args.setdefault("compare_type", True)

    connectable = get_engine()

    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            **conf_args
        )

        with context.begin_transaction():
            orphans = _set_aside_removed_plugins(connection)
            context.run_migrations()
            for revision in orphans:  # kept: a plugin installed again carries on from there
                connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": revision})
            if orphans and not context.get_context().impl.transactional_ddl and connection.in_transaction():
                # SQLite: each step committed its own transaction; this one is ours to commit.
                connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
