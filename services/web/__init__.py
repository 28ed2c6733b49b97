"""Server-rendered pages in the GOV.UK Design System, on the API's own functions."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from services.web import (
    admin,
    alerts,
    census,
    child,
    children_not_in_school,
    family,
    la,
    oidc,
    school,
    signin,
    statistics,
)
from services.web.pages import FRONTEND

log = logging.getLogger("pmr.web")
PAGES = (
    signin, oidc, school, census, la, children_not_in_school, alerts, child, family,
    statistics, admin,
)  # fmt: skip


def install(app: FastAPI) -> None:
    """The pages, GOV.UK Frontend's compiled assets (from the npm registry, served
    here: no CDN) and the pages' one script."""
    for module in PAGES:
        app.include_router(module.router)
    govuk = FRONTEND / "govuk"
    if govuk.is_dir():
        app.mount("/assets", StaticFiles(directory=govuk / "assets"), name="assets")
        app.mount("/frontend", StaticFiles(directory=FRONTEND), name="frontend")
    else:  # the API works without them; the pages are unstyled
        log.warning("GOV.UK Frontend not found at %s: run `make assets`", FRONTEND)
    static = Path(__file__).parent / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")
