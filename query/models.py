"""What the query stage reads: one earlier message of a conversation (``Turn``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Turn(BaseModel):
    """One earlier message of a conversation."""

    role: Literal["user", "assistant"]
    content: str
