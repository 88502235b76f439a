"""The request handler, separate from the server so the tests can call it directly."""

import json
import os
import sys
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse


def greeting(name: str) -> str:
    """hello, Name: each word of the name capitalised."""
    return "hello, " + " ".join(w.capitalize() for w in name.split())


def answer(path: str) -> dict:
    """The JSON body for a request path such as /?name=ada."""
    query = parse_qs(urlparse(path).query)
    name = query.get("name", ["world"])[0]
    return {
        "message": greeting(name),
        "python": "%d.%d" % sys.version_info[:2],
        "uid": os.getuid(),
    }


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if urlparse(self.path).path != "/":
            self.send_error(404)
            return
        body = json.dumps(answer(self.path)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        print("%s %s" % (self.address_string(), fmt % args))
