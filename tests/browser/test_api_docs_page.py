"""/docs renders the OpenAPI 3.1 document in Chromium, from the app's own assets."""

from __future__ import annotations

from typing import Any


def test_the_docs_page_shows_the_operations(browser: Any, server: str) -> None:
    context = browser.new_context()
    outside: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(server)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/v1/movements" in p for p in paths)
    assert len(paths) > 40
    assert "Unable to render" not in page.content()
    assert outside == []  # nothing from the internet
    context.close()
