"""Reports with given text, filed through the real intake action and routed and indexed the way
the background sweeps do it."""

from cases.actions.routing import do_route_report
from cases.similarity.tasks import index_pending
from cases.tests.helpers import category
from intake.actions.reports import do_submit_report
from intake.models import Report
from tipline.test import submission

ZH = "昨天晚上一名三十多岁的男子在军港码头附近用无人机反复拍摄舰艇，车牌号是京A12345。"
EN = (
    "A man in his thirties kept flying a drone over the naval pier last night and filmed the "
    "ships; his car plate was B12345."
)


def file_report(text: str, *, channel="web", region_code="110000", index=True) -> Report:
    report, _receipt = do_submit_report(
        submission(
            category_id=category().pk,
            region_code=region_code,
            answers={"what": text},
            language="zh-hans",
            channel=channel,
        )
    )
    do_route_report(report.id)
    if index:
        index_pending()
    report.refresh_from_db()
    return report
