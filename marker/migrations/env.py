"""Alembic environment for marker's store.

`marker.store.migrate` passes an open connection (inside its own transaction and lock) in
`config.attributes["connection"]`; maintainers can also run Alembic with `marker.store.alembic_config(url)`.
"""

from alembic import context
from sqlalchemy import create_engine

from marker.store import Base

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url", ""))
    with engine.begin() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=Base.metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    _online()
