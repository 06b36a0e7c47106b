"""The teacher API for classes: create, list, rotate and close codes, the join
QR code, anonymised topic counts per calendar week (JSON and CSV), safeguarding alerts, and the
lesson story for the class with its suppressed choice counts, also per calendar week.

Another teacher's class answers 404, the same as a class that does not exist.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Dict, List, Optional
from urllib.parse import urlsplit

import segno
from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json, raw

from bot import scenarios
from bot.ids import AGE_BANDS
from bot.routes import load_topics
from bot.store.alert_queue import sees_class_alerts
from bot.store.classes import ClassView, close_class, create_class, list_classes, owned_class, rotate_code
from bot.store.clock import utc_now
from bot.store.periods import Week, reportable_weeks
from bot.store.reports import OTHER_TOPICS, acknowledge_alert, class_alerts, topic_counts
from bot.store.scenario_store import (
    choice_counts, class_scenario, start_class_scenario, stop_class_scenario, story_played,
)
from bot.web.blocking import in_thread
from bot.web.errors import ApiError
from bot.web.pupil import body_object
from bot.web.teacher_auth import signed_in
from bot.web.teacher_input import existing_id, plain_text

teacher_classes = Blueprint("teacher_classes", url_prefix="/api/teacher")

NOT_FOUND = "There is no class with that number among your classes."
CLOSED_QR = "This class code is closed, so there is no join QR code for it. Make a new code to let pupils join."
NO_PUBLIC_URL = ("Kit's public address (KIT_PUBLIC_URL) is not set, so there is no join link or QR code to show. "
                 "Pupils can type the class code; whoever runs Kit can set the address.")
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
ADULT_BAND = "14-18"  # topics.yml's oldest band words its labels as a teacher would


def join_url(request: Request, code: str) -> Optional[str]:
    """KIT_PUBLIC_URL's join link; without it, only a browser on this machine
    (make run) gets one from the Host it sent: any other Host could be forged,
    and would put someone else's address on the board."""
    base = request.app.ctx.settings.public_url
    if not base and host_name(request.host) in LOOPBACK_HOSTS:
        base = f"{request.scheme}://{request.host}"
    return f"{base}/join/{code}" if base else None


def host_name(host: str) -> Optional[str]:
    try:
        return urlsplit(f"//{host}").hostname
    except ValueError:  # "[not-ipv6"
        return None


def class_json(request: Request, found: ClassView) -> Dict[str, Any]:
    return {
        "id": found.id, "name": found.name, "age_band": found.age_band, "code": found.code,
        "join_url": join_url(request, found.code), "closed": found.closed,
    }


async def class_or_404(request: Request, class_id: int, lookup=owned_class) -> ClassView:
    """The teacher's class (after `lookup` found or changed it), else 404."""
    found = None
    if existing_id(class_id):
        found = await in_thread(lookup, request.app.ctx.settings.database_url, request.ctx.teacher, class_id)
    if found is None:
        raise ApiError(NOT_FOUND, 404)
    return found


@teacher_classes.get("/classes")
@signed_in
async def all_classes(request: Request) -> HTTPResponse:
    found = await in_thread(list_classes, request.app.ctx.settings.database_url, request.ctx.teacher)
    return json({"classes": [class_json(request, c) for c in found]})


@teacher_classes.post("/classes")
@signed_in
async def new_class(request: Request) -> HTTPResponse:
    body = body_object(request)
    name, age_band = plain_text(body.get("name"), "a class name", 120).strip(), body.get("age_band")
    if age_band not in AGE_BANDS:
        raise ApiError("Unknown age band. Use 8-10, 11-13 or 14-18.")
    found = await in_thread(
        create_class, request.app.ctx.settings.database_url, request.ctx.teacher, name.strip(), age_band
    )
    return json(class_json(request, found), status=201)


@teacher_classes.get("/classes/<class_id:int>")
@signed_in
async def one_class(request: Request, class_id: int) -> HTTPResponse:
    """The class, and whether this teacher sees its alerts (else the dashboard says where they go)."""
    found = await class_or_404(request, class_id)
    sees = await in_thread(sees_class_alerts, request.app.ctx.settings.database_url, request.ctx.teacher)
    return json({**class_json(request, found), "sees_alerts": sees})


@teacher_classes.post("/classes/<class_id:int>/rotate")
@signed_in
async def rotate(request: Request, class_id: int) -> HTTPResponse:
    return json(class_json(request, await class_or_404(request, class_id, rotate_code)))


@teacher_classes.post("/classes/<class_id:int>/close")
@signed_in
async def close(request: Request, class_id: int) -> HTTPResponse:
    return json(class_json(request, await class_or_404(request, class_id, close_class)))


@teacher_classes.get("/classes/<class_id:int>/qr.svg")
@signed_in
async def join_qr(request: Request, class_id: int) -> HTTPResponse:
    """The join link as a QR code for the board; none for a closed code, whose
    link only tells pupils it is not open any more."""
    found = await class_or_404(request, class_id)
    if found.closed:
        raise ApiError(CLOSED_QR, 409)
    link = join_url(request, found.code)
    if link is None:
        raise ApiError(NO_PUBLIC_URL, 409)
    svg = io.BytesIO()
    segno.make(link, error="m").save(
        svg, kind="svg", scale=10, border=2, title=f"Join link for {found.name}"
    )
    return raw(svg.getvalue(), content_type="image/svg+xml")


def report_week(request: Request, weeks: List[Week]) -> Optional[Week]:
    """The week asked for (its Monday, as listed in `weeks`), else the newest.
    Topic and story choice counts alike: a rolling window of days is refused,
    since two overlapping windows subtract to one pupil (bot/store/periods.py)."""
    args = request.get_args(keep_blank_values=True)
    if "days" in args:
        raise ApiError("Counts come in whole calendar weeks: ask for 'week' (a Monday listed in 'weeks'), not 'days'.")
    if "week" not in args:
        return weeks[0] if weeks else None
    for week in weeks:
        if args.get("week") == week.id:
            return week
    raise ApiError("'week' must be the Monday of a week that is over and still kept, as listed in 'weeks' (for example "
                   f"{weeks[0].id if weeks else '2026-11-16'}).")


def weeks_and_week(request: Request):
    """The weeks a teacher may ask for, and the one asked for (or None: no week is over and kept yet)."""
    weeks = reportable_weeks(utc_now(), request.app.ctx.settings.retention_days)
    return weeks, report_week(request, weeks)


def weeks_json(weeks: List[Week], week: Optional[Week]) -> Dict[str, Any]:
    return {"week": week.as_json() if week else None, "weeks": [w.as_json() for w in weeks]}


async def _topics(request: Request, class_id: int):
    found = await class_or_404(request, class_id)
    settings = request.app.ctx.settings
    weeks, week = weeks_and_week(request)
    counts = []
    if week is not None:
        counts = await in_thread(topic_counts, settings.database_url, found.id, week, settings.suppression_threshold)
    return found, weeks, week, counts


@teacher_classes.get("/classes/<class_id:int>/topics")
@signed_in
async def topics(request: Request, class_id: int) -> HTTPResponse:
    """One calendar week's topics (?week=YYYY-MM-DD, a Monday; the newest week
    that is over by default) and the weeks that can be asked for."""
    _, weeks, week, counts = await _topics(request, class_id)
    return json({
        **weeks_json(weeks, week),
        "threshold": request.app.ctx.settings.suppression_threshold,
        "topics": counts,
    })


def csv_rows(counts):
    """For a spreadsheet: the topic as a person reads it, its id, a count that
    is a number (empty when suppressed), the suppressed flag, and the words the
    dashboard shows."""
    yield ["topic", "topic_id", "count", "suppressed", "shown_as"]
    labels = {topic: found["label"][ADULT_BAND] for topic, found in load_topics()["topics"].items()}
    labels[OTHER_TOPICS] = "Other topics (each raised fewer times than the limit)"
    for row in counts:
        hidden = row["count"] is None
        yield [labels.get(row["topic"], row["topic"]), row["topic"], "" if hidden else row["count"],
               "yes" if hidden else "no", row["display"]]


@teacher_classes.get("/classes/<class_id:int>/topics.csv")
@signed_in
async def topics_csv(request: Request, class_id: int) -> HTTPResponse:
    found, _, week, counts = await _topics(request, class_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(csv_rows(counts))
    name = f"kit-class-{found.id}-topics-week-of-{week.id if week else 'none'}.csv"
    return raw(
        out.getvalue().encode(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


ALERTS_TO_DSL = ("Safeguarding alerts for this class go to your school's designated safeguarding lead (DSL), "
                 "who decides who else sees them. Topic counts are still yours.")


async def class_with_alerts(request: Request, class_id: int) -> ClassView:
    """The class, when this teacher may see its alerts (else a 403 sentence)."""
    found = await class_or_404(request, class_id)
    if not await in_thread(sees_class_alerts, request.app.ctx.settings.database_url, request.ctx.teacher):
        raise ApiError(ALERTS_TO_DSL, 403)
    return found


@teacher_classes.get("/classes/<class_id:int>/alerts")
@signed_in
async def alerts(request: Request, class_id: int) -> HTTPResponse:
    found = await class_with_alerts(request, class_id)
    return json(await in_thread(class_alerts, request.app.ctx.settings.database_url, found.id))


@teacher_classes.post("/classes/<class_id:int>/alerts/<alert_id:int>/acknowledge")
@signed_in
async def acknowledge(request: Request, class_id: int, alert_id: int) -> HTTPResponse:
    found = await class_with_alerts(request, class_id)
    alert = None
    if existing_id(alert_id):
        alert = await in_thread(
            acknowledge_alert, request.app.ctx.settings.database_url, found.id, alert_id, request.ctx.teacher.email
        )
    if alert is None:
        raise ApiError("There is no alert with that number in this class.", 404)
    return json(alert)


def story_json(story: scenarios.Scenario, band: str) -> Dict[str, Any]:
    return {"id": story.id, "topic": story.topic, "title": scenarios.for_band(story.title, band)}


async def _class_story(request: Request, found: ClassView) -> Dict[str, Any]:
    current = await in_thread(class_scenario, request.app.ctx.settings.database_url, found.id)
    story = scenarios.get(current)
    return {
        "scenario": story_json(story, found.age_band) if story else None,
        "available": [story_json(s, found.age_band) for s in scenarios.for_age_band(found.age_band)],
    }


@teacher_classes.get("/classes/<class_id:int>/scenario")
@signed_in
async def class_story(request: Request, class_id: int) -> HTTPResponse:
    """The story the class is offered (or null) and the stories for its age band."""
    return json(await _class_story(request, await class_or_404(request, class_id)))


@teacher_classes.post("/classes/<class_id:int>/scenario")
@signed_in
async def start_story(request: Request, class_id: int) -> HTTPResponse:
    """{"scenario": id} offers that story to every pupil of the class; {"scenario": null} stops offering it."""
    found = await class_or_404(request, class_id)
    body = body_object(request)
    if "scenario" not in body:
        raise ApiError("Please give 'scenario': a story id, or null to stop offering one.")
    url = request.app.ctx.settings.database_url
    if body["scenario"] is None:
        await in_thread(stop_class_scenario, url, found.id)
    else:
        story = scenarios.get(body["scenario"])
        if story is None or found.age_band not in story.bands:
            raise ApiError(f"There is no story with that id for age band {found.age_band}.")
        await in_thread(start_class_scenario, url, found.id, story.id)
    return json(await _class_story(request, found))


@teacher_classes.get("/classes/<class_id:int>/scenarios/<scenario_id:str>/choices")
@signed_in
async def story_choices(request: Request, class_id: int, scenario_id: str) -> HTTPResponse:
    """The class's choices in one calendar week (?week=YYYY-MM-DD, as for topics)."""
    found = await class_or_404(request, class_id)
    story = scenarios.get(scenario_id)
    if story is None:
        raise ApiError("There is no story with that id.", 404)
    weeks, week = weeks_and_week(request)
    settings = request.app.ctx.settings
    band = found.age_band if found.age_band in story.bands else story.bands[0]
    steps = await in_thread(
        choice_counts, settings.database_url, found.id, story, band, week, settings.suppression_threshold
    )
    played = await in_thread(story_played, settings.database_url, found.id, story.id, week)
    return json({**story_json(story, band), **weeks_json(weeks, week), "threshold": settings.suppression_threshold,
                 "played": played, "steps": steps})
