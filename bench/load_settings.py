"""Production settings with the floor page added (bench/load.py)."""
from config.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.floor_urls"
