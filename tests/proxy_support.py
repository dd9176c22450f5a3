"""Two app servers behind a reverse proxy, for the multi-server test and benchmark.

``Redis`` and ``Nginx`` run Debian's ``redis-server`` and ``nginx`` on free loopback ports,
each with its files in a folder of its own, stopped by their own process ids. ``Visitor``
is one browser's worth of HTTP: it keeps its cookies (as a browser does behind TLS, the
session cookie being marked Secure in production) and sends the CSRF token of the page it
read last.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from postgis_cluster import free_port

NGINX_CONF = """
worker_processes 2;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  upstream vizlou {{
{servers}
    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 12m;
    location / {{
      proxy_pass http://vizlou;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"""


def _wait_for(process: subprocess.Popen, ready, name: str, log: Path | None = None) -> None:
    """Until ``ready()`` (a network error counts as not yet); fails if the process exits or
    20 seconds pass."""
    deadline = time.time() + 20
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text() if log else ''}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{name} did not answer")


def missing_tools() -> list[str]:
    return [tool for tool in ("nginx", "redis-server")
            if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists()]


class Redis:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for(self.process, self._pong, "redis-server")

    def _pong(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


class Nginx:
    def __init__(self, folder: Path, ports: list[int]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        servers = "\n".join(f"    server 127.0.0.1:{p};" for p in ports)
        user = "user root;" if os.geteuid() == 0 else ""  # workers may then read this folder
        conf = folder / "nginx.conf"
        conf.write_text(NGINX_CONF.format(folder=folder, user=user, servers=servers,
                                          port=self.port))
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        with open(folder / "stderr.log", "wb") as err:
            self.process = subprocess.Popen([binary, "-c", str(conf), "-p", str(folder)],
                                            stdout=subprocess.DEVNULL, stderr=err)
        _wait_for(self.process, lambda: Visitor(self.url).get("/api/v1/categories")[0] == 200,
                  "nginx", folder / "stderr.log")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


class Visitor:
    """One browser: its cookies and the CSRF token of the last page it read."""

    def __init__(self, url: str) -> None:
        self.host, port = url.removeprefix("http://").split(":")
        self.port = int(port)
        self.cookies: dict[str, str] = {}
        self.csrf: str | None = None
        self.upstreams: list[str] = []

    def _send(self, method: str, path: str, body: bytes | None, headers: dict):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers={
                **({"Cookie": cookie} if cookie else {}), **headers})
            response = connection.getresponse()
            raw = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    for key, morsel in SimpleCookie(value).items():
                        if morsel["max-age"] == "0" or morsel.value == "":
                            self.cookies.pop(key, None)
                        else:
                            self.cookies[key] = morsel.value
            upstream = response.getheader("X-Upstream")
            if upstream:
                self.upstreams.append(upstream)
            text = raw.decode(errors="replace")
            found = re.search(r'name="csrf-token" content="([^"]+)"', text)
            if found:
                self.csrf = found.group(1)
            return response.status, text, dict(response.getheaders())
        finally:
            connection.close()

    def get(self, path: str, headers: dict | None = None):
        return self._send("GET", path, None, headers or {})

    def post_form(self, path: str, fields: dict):
        body = urlencode({"csrf_token": self.csrf or "", **fields}).encode()
        return self._send("POST", path, body,
                          {"Content-Type": "application/x-www-form-urlencoded"})

    def send_json(self, method: str, path: str, body: dict | None, headers: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        return self._send(method, path, data, {"Content-Type": "application/json",
                                               **(headers or {})})
