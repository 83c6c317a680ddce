# SPDX-License-Identifier: EUPL-1.2
"""Shared UI pieces: the page frame, alerts and form labels."""

from clic_app.components.layout import MAIN_ID, error_alert, field_label, notice_box, page_frame

__all__ = ["MAIN_ID", "error_alert", "field_label", "notice_box", "page_frame"]
