"""`kefu serve`: the review board as a local web application on the ledger."""
from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Optional

import typer

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (in Chinese), or None."""
    import socket
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OverflowError) as exc:
        return f"无法监听 {host}:{port}：地址无效（{exc}）"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return f"无法监听 {host}:{port}：{exc.strerror or exc}（端口已被占用？用 --port 换一个）"
    return None


def serve(
    db: Optional[Path] = typer.Option(None, "--db", envvar="KEFU_DB", help="台账文件（默认：当前目录的 kefu.db）"),
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址（默认只在本机：127.0.0.1）"),
    port: int = typer.Option(8765, "--port", help="端口"),
    targets: Optional[Path] = typer.Option(None, "--targets", "-t", envvar="KEFU_TARGETS",
                                           help="目标文件（YAML/CSV）或按月存放的目录（默认：当前目录的 targets/）"),
    tls_proxy: bool = typer.Option(False, "--behind-tls-proxy",
                                   help="前面有 HTTPS 反向代理：Cookie 只经 HTTPS 发送"),
) -> None:
    """启动复核看板网页：客服看自己的问题并申请复核，质检复核，主管调整与结账，板报实时公布（004 第三条 6）。"""
    from ..ledger import Ledger, LedgerError, default_path
    from ..ledger.users import has_users
    path = db or default_path()
    try:
        with Ledger.open(path, create=False) as ledger:
            if not has_users(ledger):
                typer.echo(f"台账 {path} 中还没有用户：先用 `kefu user add 名字 --role lead --password-stdin` 添加", err=True)
                raise typer.Exit(2)
    except LedgerError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2)
    if not is_loopback(host):
        typer.echo(f"警告：正在监听 {host}，本机以外的电脑也能访问。密码和 Cookie 以明文传输，"
                   "请只在前面有 HTTPS（TLS）反向代理时这样做（并加 --behind-tls-proxy）。", err=True)
    problem = port_problem(host, port)
    if problem:
        typer.echo(problem, err=True)
        raise typer.Exit(2)
    if targets is None and Path("targets").is_dir():
        targets = Path("targets")
    import uvicorn
    from ..serve.app import create_app
    app = create_app(path, targets=targets, secure_cookies=tls_proxy)
    typer.echo(f"kefu serve：http://{host}:{port}/ （台账 {path}；Ctrl+C 停止）", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=tls_proxy, forwarded_allow_ips="127.0.0.1" if tls_proxy else None)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
