# SPDX-License-Identifier: EUPL-1.2
"""The header stays readable while the pointer rests on a link."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e


def test_hovered_nav_link_contrast(portal, page):
    page.goto(f"{portal.base_url}/")
    link = page.get_by_role("navigation").get_by_role("link", name="Verificar documento")

    link.hover()

    assert [item for item in axe_violations(page) if item["id"] == "color-contrast"] == []
