"""python -m greeter [--host HOST] [--port PORT]; HOST and PORT may also come from the environment."""

import argparse
import os
from http.server import ThreadingHTTPServer

from greeter.app import Handler


def main() -> None:
    parser = argparse.ArgumentParser(prog="greeter", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print("listening on %s:%d as uid %d" % (args.host, args.port, os.getuid()))
    server.serve_forever()


if __name__ == "__main__":
    main()
