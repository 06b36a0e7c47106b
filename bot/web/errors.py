"""Every error becomes the contract's {"error": "<plain sentence>"}, never a trace."""
from __future__ import annotations

import logging

from sanic import Sanic
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse, json

logger = logging.getLogger(__name__)


class ApiError(SanicException):
    def __init__(self, message: str, status_code: int = 400) -> None:
        super().__init__(message, status_code=status_code)


PLAIN = {
    400: "The request was not valid.",
    404: "That page or address does not exist.",
    405: "That method is not allowed here.",
    408: "The request took too long.",
    413: "The request is too large.",
}


def register_error_handlers(app: Sanic) -> None:
    @app.exception(Exception)
    async def to_json(request: Request, error: Exception) -> HTTPResponse:
        if isinstance(error, ApiError):
            return json({"error": str(error)}, status=error.status_code)
        if isinstance(error, SanicException) and 400 <= error.status_code < 500:
            return json({"error": PLAIN.get(error.status_code, "The request was not valid.")}, status=error.status_code)
        logger.error("unexpected %s on %s", type(error).__name__, request.path)
        return json({"error": "Something went wrong on our side. Please try again."}, status=500)
