"""The fixed norm keys of ../shared/spec/norms.md (a contract: never rename)."""
NORMS: dict[str, str] = {
    "greeting": "主动问候",
    "harsh_language": "生硬语言、禁用语",
    "shirking": "推卸责任",
    "blaming": "责备、埋怨客户",
    "interrogating": "质问客户",
    "doubting": "怀疑顾客诚实",
    "arguing": "争论、冲突",
    "hedging": "不确定字眼",
    "over_promise": "轻易承诺",
    "price_promise": "私自答应改价",
    "sensitive_topic": "敏感问题",
    "shouting": "提高音调",
    "response_time": "响应超时",
    "unanswered": "未回复",
    "complaint_apology": "投诉未致歉",
    "callback_script": "回访规范用语",
    "callback_timing": "回访时间",
    # Added for `kefu lint` (norms.md allows a new key when a seed asks for a norm none covers):
    # 004 第二条 注意事项 1 wants the welcome and quick replies (快捷回复语) checked before an
    # agent goes online, the wording that changes during campaigns included.
    "quick_reply": "快捷短语规范",
}
MESSAGE_LEVEL = ("harsh_language", "shirking", "blaming", "interrogating", "doubting", "arguing",
                 "hedging", "over_promise", "price_promise", "sensitive_topic", "shouting")
