"""The meetings' demo step (see `year`); `building` holds its pieces, `convening` its convening cases."""

from __future__ import annotations

from dialogue.meetings.demo.year import meetings_demo_step

__all__ = ["meetings_demo_step"]
