"""The designated safeguarding lead's API: the school-wide alert queue (with
what to do next for each category), moving an alert to seen or acted on, and
choosing which teachers also see alerts. Plus every teacher's own password
change. Other teachers get a 403 sentence from the DSL endpoints."""
from __future__ import annotations

from typing import Any, Dict

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot.safeguarding.next_steps import next_steps
from bot.store.account_care import change_own_password, set_sees_alerts, staff
from bot.store.alert_queue import ACTED, NEW, SEEN, move_alert, school_alerts
from bot.store.teacher_sessions import token_hash
from bot.store.teachers import AccountError
from bot.web.blocking import in_thread
from bot.web.errors import ApiError
from bot.web.pupil import body_object
from bot.web.teacher_auth import session_token, signed_in
from bot.web.teacher_input import existing_id, plain_text

teacher_dsl = Blueprint("teacher_dsl", url_prefix="/api/teacher")

DSL_ONLY = ("Only the school's designated safeguarding lead (DSL) sees the school's alerts. "
            "Ask whoever runs Kit if you should be one.")


def require_dsl(request: Request) -> None:
    if not request.ctx.teacher.is_dsl:
        raise ApiError(DSL_ONLY, 403)


def with_next_steps(request: Request, alert: Dict[str, Any]) -> Dict[str, Any]:
    steps = next_steps(request.app.ctx.settings.procedure_file)
    return {**alert, "next_steps": list(steps.get(alert["category"], steps["disclosure"]))}


@teacher_dsl.get("/alerts")
@signed_in
async def queue(request: Request) -> HTTPResponse:
    require_dsl(request)
    found = await in_thread(school_alerts, request.app.ctx.settings.database_url)
    return json({
        "alerts": [with_next_steps(request, alert) for alert in found],
        "new": sum(alert["state"] == NEW for alert in found),
    })


async def _move(request: Request, alert_id: int, state: str) -> HTTPResponse:
    require_dsl(request)
    moved = None
    if existing_id(alert_id):
        moved = await in_thread(
            move_alert, request.app.ctx.settings.database_url, alert_id, state, request.ctx.teacher.email
        )
    if moved is None:
        raise ApiError("There is no alert with that number.", 404)
    return json(with_next_steps(request, moved))


@teacher_dsl.post("/alerts/<alert_id:int>/seen")
@signed_in
async def seen(request: Request, alert_id: int) -> HTTPResponse:
    return await _move(request, alert_id, SEEN)


@teacher_dsl.post("/alerts/<alert_id:int>/acted")
@signed_in
async def acted(request: Request, alert_id: int) -> HTTPResponse:
    return await _move(request, alert_id, ACTED)


@teacher_dsl.get("/staff")
@signed_in
async def staff_list(request: Request) -> HTTPResponse:
    require_dsl(request)
    return json({"staff": await in_thread(staff, request.app.ctx.settings.database_url)})


@teacher_dsl.post("/staff/<teacher_id:int>")
@signed_in
async def staff_sees_alerts(request: Request, teacher_id: int) -> HTTPResponse:
    """{"sees_alerts": true|false}: the DSL decides who else sees their classes' alerts."""
    require_dsl(request)
    sees = body_object(request).get("sees_alerts")
    if not isinstance(sees, bool):
        raise ApiError("Please give 'sees_alerts': true or false.")
    changed = None
    if existing_id(teacher_id):
        changed = await in_thread(set_sees_alerts, request.app.ctx.settings.database_url, teacher_id, sees)
    if changed is None:
        raise ApiError("There is no teacher with that number.", 404)
    return json(changed)


@teacher_dsl.post("/password")
@signed_in
async def change_password(request: Request) -> HTTPResponse:
    """{"current_password", "new_password"}: the teacher's other sessions end."""
    body = body_object(request)
    current = plain_text(body.get("current_password"), "your current password", 256)
    new = plain_text(body.get("new_password"), "a new password", 256)
    try:
        await in_thread(change_own_password, request.app.ctx.settings.database_url, request.ctx.teacher.id,
                        current, new, token_hash(session_token(request)))
    except AccountError as error:
        raise ApiError(str(error)) from None
    return json({"changed": True})
