# SPDX-License-Identifier: EUPL-1.2
"""Pages of the portal, one module per area; each function returns the page's tree."""

from clic_app.pages.census import census_page
from clic_app.pages.home import home_page
from clic_app.pages.login import login_page
from clic_app.pages.not_found import not_found_page
from clic_app.pages.verification import verification_page

__all__ = ["census_page", "home_page", "login_page", "not_found_page", "verification_page"]
