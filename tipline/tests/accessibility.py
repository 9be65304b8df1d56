"""axe-core in the browser tests: the serious and critical violations on the page in view.

axe-playwright-python bundles axe.min.js, so nothing is downloaded. Playwright evaluates it
through the DevTools protocol, which the pages' CSP (script-src 'self') does not govern.
"""

from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}
_axe = Axe()


def serious_violations(page) -> list[str]:
    """One line per serious or critical rule broken on `page`, naming a few offending nodes."""
    violations = _axe.run(page).response["violations"]
    return [
        f"{page.url} {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in violations
        if v["impact"] in BLOCKING
    ]


def check_each(page, base: str, paths, found: list[str]) -> list[str]:
    """Visit each path, run axe on it and add what it finds to `found`; returns the paths seen."""
    seen = []
    for path in paths:
        response = page.goto(base + path)
        assert response is not None
        assert response.status == 200, f"{path}: {response.status}"
        found += serious_violations(page)
        seen.append(path)
    return seen
