"""The words status feeds use, in the languages they are written in: one table, no regexes.

A feed has no machine-readable state; its items say "Resolved", "已恢复" or "復旧" where feeds put
such words (``sources/feed.py`` knows where: a "Status:" label, a category, a bold word, a title's
first or last bracket). Each word here is a whole phrase, matched exactly after normalising
(case, spaces, "_"), so "解决中" (being solved) is not "解决" (solved) and "belum pulih" (not yet
recovered) is not "pulih". Adding a language is adding rows.
"""

from __future__ import annotations

from trayapp.core.model import State

CLOSED = "closed"
OPEN = "open"
SCHEDULED = "scheduled"
IN_MAINTENANCE = "maintenance"

# meaning -> language -> phrases
_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    CLOSED: {
        "en": ("resolved", "completed", "postmortem", "closed"),
        "zh": (
            "已恢复",
            "已解决",
            "已修复",
            "已完成",
            "已结束",
            "已恢復",
            "已解決",
            "已修復",
            "已結束",
        ),
        "ja": ("解決", "解決済み", "解決済", "復旧", "復旧済み", "復旧済", "復旧しました", "完了"),
        "ko": ("해결", "해결됨", "해결 완료", "복구", "복구됨", "복구 완료", "완료"),
        "id": (
            "selesai",
            "teratasi",
            "telah teratasi",
            "sudah teratasi",
            "terselesaikan",
            "pulih",
            "telah pulih",
            "sudah pulih",
        ),
    },
    OPEN: {
        "en": ("investigating", "identified", "monitoring", "update", "updated", "ongoing"),
        "zh": (
            "调查中",
            "处理中",
            "修复中",
            "恢复中",
            "监控中",
            "观察中",
            "已确认",
            "調查中",
            "處理中",
            "修復中",
            "恢復中",
            "監控中",
            "觀察中",
            "已確認",
        ),
        "ja": (
            "調査中",
            "対応中",
            "確認中",
            "監視中",
            "復旧作業中",
            "復旧中",
            "発生中",
            "障害発生中",
        ),
        "ko": ("조사 중", "확인됨", "모니터링 중", "복구 중", "대응 중", "진행 중"),
        "id": (
            "investigasi",
            "sedang diselidiki",
            "teridentifikasi",
            "pemantauan",
            "dipantau",
            "sedang ditangani",
            "sedang berlangsung",
        ),
    },
    SCHEDULED: {
        "en": ("scheduled",),
        "zh": ("计划维护", "計劃維護", "维护预告"),
        "ja": ("メンテナンス予定", "予定"),
        "ko": ("점검 예정", "예정된 점검"),
        "id": ("terjadwal", "pemeliharaan terjadwal"),
    },
    IN_MAINTENANCE: {
        "en": ("in progress", "verifying"),
        "zh": ("维护中", "維護中"),
        "ja": ("メンテナンス中",),
        "ko": ("점검 중",),
        "id": ("sedang pemeliharaan", "pemeliharaan berlangsung"),
    },
}

# What labels a state: "Status: resolved", "状态：已恢复", "ステータス：解決".
LABELS: tuple[str, ...] = ("status", "状态", "狀態", "ステータス", "状況", "상태")

# Severity words (xAI's "Severity: Major", a category), case-insensitive.
SEVERITY: dict[str, State] = {
    "outage": State.MAJOR_OUTAGE,
    "major": State.MAJOR_OUTAGE,
    "critical": State.MAJOR_OUTAGE,
    "disruption": State.PARTIAL_OUTAGE,
    "partial": State.PARTIAL_OUTAGE,
    "degraded": State.DEGRADED,
    "minor": State.DEGRADED,
}
# Phrases in a title or text that state how bad it is, most severe first; found anywhere in the
# (case-folded) text. " down" keeps "download" and "markdown" out.
STATED: tuple[tuple[State, tuple[str, ...]], ...] = (
    (
        State.MAJOR_OUTAGE,
        (
            "major outage",
            "全面中断",
            "全部中断",
            "全面停止",
            "전면 중단",
            "전면 장애",
            "padam total",
        ),
    ),
    (
        State.PARTIAL_OUTAGE,
        (
            "outage",
            "unavailable",
            " down",
            "中断",
            "不可用",
            "无法访问",
            "無法訪問",
            "宕机",
            "停止",
            "利用できない",
            "接続できない",
            "중단",
            "접속 불가",
            "이용 불가",
            "tidak tersedia",
            "tidak dapat diakses",
            "padam",
        ),
    ),
    (State.DEGRADED, ("degraded", "性能下降", "遅延", "지연", "lambat")),
)

MEANINGS: dict[str, str] = {
    phrase.casefold(): meaning
    for meaning, languages in _PHRASES.items()
    for phrases in languages.values()
    for phrase in phrases
}
LONGEST = max(len(p) for p in MEANINGS)


def normal(text: str) -> str:
    """A word as the table holds it: case-folded, "_" as a space, spaces collapsed."""
    return " ".join(text.replace("_", " ").casefold().split())


def meaning(word: str | None) -> str | None:
    """What a state word means (:data:`CLOSED`, :data:`OPEN`, ...); None for other text."""
    if word is None or len(word) > 4 * LONGEST:
        return None
    return MEANINGS.get(normal(word))


def stated_state(text: str) -> State | None:
    """The most severe state ``text`` states in words; None when it states none."""
    folded = text.casefold()
    for state, phrases in STATED:
        if any(phrase in folded for phrase in phrases):
            return state
    return None
