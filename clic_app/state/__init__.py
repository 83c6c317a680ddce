# SPDX-License-Identifier: EUPL-1.2
"""Reflex state classes, one module per area; they hold screen data and call services."""

from clic_app.state.census import CensusState
from clic_app.state.login import LoginState
from clic_app.state.session import SessionState
from clic_app.state.verification import VerificationState

__all__ = ["CensusState", "LoginState", "SessionState", "VerificationState"]
