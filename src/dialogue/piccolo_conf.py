"""Piccolo's configuration module (PICCOLO_CONF=dialogue.piccolo_conf): engine from the settings."""

from piccolo.conf.apps import AppRegistry

from dialogue.core.db import create_engine, current_engine
from dialogue.settings import get_settings

# Reuse the engine the process already bound (CLI, tests), so migrations share its connections.
DB = current_engine() or create_engine(get_settings().database_url)

APP_REGISTRY = AppRegistry(apps=["dialogue.piccolo_app"])
