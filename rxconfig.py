# SPDX-License-Identifier: EUPL-1.2
"""Reflex configuration of the CLIC portal. CLIC's own settings are CLIC_* variables."""

import os
from urllib.parse import urlsplit

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin


def _allowed_origins() -> list[str]:
    """Return the portal's own origin, in both loopback spellings on a local machine."""
    base = urlsplit(os.environ.get("CLIC_PUBLIC_BASE_URL", "http://localhost:3000"))
    origins = [f"{base.scheme}://{base.netloc}"]
    port = f":{base.port}" if base.port else ""
    if base.hostname in ("localhost", "127.0.0.1"):
        origins = [f"{base.scheme}://{host}{port}" for host in ("localhost", "127.0.0.1")]
    return origins


config = rx.Config(
    app_name="clic_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # Only the portal's own origin may open the event websocket with credentials.
    cors_allowed_origins=_allowed_origins(),
    plugins=[
        rx.plugins.RadixThemesPlugin(theme=rx.theme(appearance="light", accent_color="indigo", radius="medium")),
    ],
    disable_plugins=[SitemapPlugin],
)
