#!/usr/bin/env python3
"""Serves the built site as a static host would, to see each hosting case locally.

--headers host  sends what dist/'s host files (_headers, vercel.json) send: the isolation
                headers shared wasm memory needs (COOP/COEP/CORP) and the Content-Security-Policy,
                all from scripts/headers.json. The default.
--headers none  sends none of them, as GitHub Pages does (--no-isolation says the same).
--base /poolsim/  serves the site under a subpath, as a GitHub project page is.
--csp strict|none|no-workers|no-pool|no-nested  overrides the policy: the shipped one, none at all,
                one that forbids workers (nothing can run: the page must say so), or one that
                lets the page start its engine worker (and the charts' worker) but no other
                worker — not the pool's threads, which the page starts for the engine (the page
                must fall back to the simulator); or the shipped one, with the engine worker
                forbidden workers of its own (the pool must run all the same in Chromium: its
                threads are the page's; Firefox holds the engine's module imports to it too).
"""
import argparse
import functools
import http.server
import json
import pathlib
import sys

SPEC = json.loads((pathlib.Path(__file__).parent / "headers.json").read_text())
POLICIES = {
    "strict": SPEC["csp"],
    "no-workers": SPEC["csp"].replace("worker-src 'self'", "worker-src 'none'"),
}


class Handler(http.server.SimpleHTTPRequestHandler):
    headers_sent_with_every_response = {}
    pool_policy = None
    base = "/"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
    }

    def send_head(self):
        path = self.path.split("?", 1)[0]
        if self.server.log_pages and path in (self.base, self.base + "index.html"):
            # The tests count page loads here: a reload into a cross-origin-isolated page can
            # start a new browsing context, which a browser driver may not report.
            print(f"page {path}", flush=True)
        if self.base != "/" and path == self.base.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", self.base)
            self.end_headers()
            return None
        if not path.startswith(self.base):
            self.send_error(404, "outside the site's base path")
            return None
        self.path = "/" + self.path[len(self.base):]
        return super().send_head()

    def end_headers(self):
        for name, value in self.headers_sent_with_every_response.items():
            if name == "Content-Security-Policy" and self.pool_policy and self.path.startswith("/www/engine/engine-worker.js"):
                value = self.pool_policy
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, *args):
        if not self.server.quiet:
            super().log_message(*args)


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that closes a page mid-download is not an error of the site.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--dir", default="dist")
    parser.add_argument("--headers", choices=["host", "none"], default="host")
    parser.add_argument("--no-isolation", action="store_true", help="the same as --headers none")
    parser.add_argument("--csp", choices=["host", "strict", "none", "no-workers", "no-pool", "no-nested"], default="host")
    parser.add_argument("--base", default="/")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--log-pages", action="store_true", help="print a line per request for the site's page")
    args = parser.parse_args()
    headers = "none" if args.no_isolation else args.headers
    sent = dict(SPEC["isolation"]) if headers == "host" else {}
    csp = args.csp if args.csp != "host" else ("strict" if headers == "host" else "none")
    if csp == "no-nested":
        Handler.pool_policy = POLICIES["no-workers"]
    if csp == "no-pool":
        # Firefox holds a worker's module imports to its worker-src: the engine worker's own
        # policy lets it load its code, so that what is refused is the page's threads alone.
        Handler.pool_policy = POLICIES["strict"]
    Handler.base = "/" + args.base.strip("/") + "/" if args.base.strip("/") else "/"
    handler = functools.partial(Handler, directory=args.dir)
    server = Server(("127.0.0.1", args.port), handler)
    if csp == "no-pool":
        # Sources with a path name single scripts: 'self' cannot.
        www = f"http://localhost:{server.server_address[1]}{Handler.base}www/"
        allowed = f"worker-src {www}engine/engine-worker.js {www}model/metrics-worker.js"
        sent["Content-Security-Policy"] = POLICIES["strict"].replace("worker-src 'self'", allowed)
    elif csp != "none":
        sent["Content-Security-Policy"] = POLICIES["strict" if csp == "no-nested" else csp]
    Handler.headers_sent_with_every_response = sent
    server.quiet = args.quiet
    server.log_pages = args.log_pages
    url = f"http://localhost:{server.server_address[1]}{Handler.base}"
    print(f"serving {args.dir} on {url} (headers: {headers}, CSP: {csp})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
