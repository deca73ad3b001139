"""`kefu serve`: the review board of issue 12 as a local web application on the ledger.

    from checker.serve import create_app
    app = create_app("kefu.db")           # an ASGI app (Starlette); `kefu serve` runs it with uvicorn

Agents see their own month and dispute findings; reviewers confirm or overturn them and
add manual findings and items; leads also adjust, close months, read the audit log and
export. The JSON API under /api is what the pages use (see api.py, api_review.py)."""


def __getattr__(name: str):
    # lazy: `kefu` itself starts without loading the web stack
    if name == "create_app":
        from .app import create_app
        return create_app
    raise AttributeError(name)


__all__ = ["create_app"]
