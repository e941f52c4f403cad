"""Local HTTP server of the fixture sites: the crawler's test bed and the demo's sources.

    python -m crawler.fixture_sites.server --port 8765

or from Python: `server, base_url = serve()` (port 0 picks a free port; the server runs
in a daemon thread until `server.shutdown()`). Every response carries the header
`X-Clinics-Sample: 1` and every HTML page a `clinics:sample` meta tag: all data here is
fictional. `server.request_log` lists the paths requested, in order (tests check that
robots.txt was obeyed).

Routes:
    /robots.txt                         disallows /private/ and one section of a site below
    /npi/api/?version=2.1&...           NPI Registry API v2.1 (paging, 1,200 cap, Errors)
    /findtreatment/locator/exportsAsJson/v2?sAddr=lat,lon&...   FindTreatment locator
    /clinics/sitemap.xml                the clinic sites, the awkward pages below and every page
                                        of the multi-page sites (blog, careers, shop included)
    /clinics/<slug>/                    clinic home pages (JSON-LD, microdata, plain)
    /clinics/under-construction/        broken JSON-LD and nothing else
    /clinics/flaky/                     429 with Retry-After the first time, then a page
    /clinics/unavailable/               always 500
    /clinics/slow/                      answers after SLOW_SECONDS
    /clinics/huge/                      a 3 MB page
    /clinics/brochure.pdf               not HTML
    /private/staff-roster.html          disallowed by robots.txt
    /sites/<slug>/<page>                multi-page clinic websites (multi_page_sites.py)
    /sites/<slug>/sitemap.xml           the sitemap of one of them
    /directory/?page=N                  directory listing pages, /directory/provider/<slug>
    /bench/list/<n>?pages=P&per=R&delay_ms=D   generated directory (benchmark, resume test)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from crawler.fixture_sites import (
    clinic_pages,
    directory_pages,
    findtreatment_data,
    multi_page_sites,
    npi_data,
)

SLOW_SECONDS = 1.5
SAMPLE_HEADER = "X-Clinics-Sample"

ROBOTS_TXT = (
    "# Fixture site: crawlers must not enter /private/ (nor a KAP site's client forms)\n"
    "User-agent: *\n"
    "Disallow: /private/\n"
    + "".join(f"Disallow: {path}\n" for path in multi_page_sites.ROBOTS_DISALLOW)
    + "\nSitemap: /clinics/sitemap.xml\n"
)

EXTRA_CLINIC_PATHS = (
    "/clinics/under-construction/",
    "/clinics/flaky/",
    "/clinics/unavailable/",
    "/clinics/slow/",
    "/clinics/huge/",
    "/clinics/brochure.pdf",
    "/private/staff-roster.html",
)

FLAKY_CLINIC = clinic_pages.Clinic(
    slug="flaky",
    name="Energy Corridor Counseling (Sample)",
    schema_type="MedicalClinic",
    markup="jsonld",
    street="14701 St Marys Ln",
    suite="Suite 250",
    city="Houston",
    postal_code="77079",
    phone="281-752-4410",
    services=("Cognitive behavioral therapy", "Acceptance and commitment therapy"),
    paragraphs=("Fictional sample practice. CBT and ACT for anxiety and depression.",),
)

SLOW_CLINIC = clinic_pages.Clinic(
    slug="slow",
    name="Clear Lake Therapy Partners (Sample)",
    schema_type="MedicalClinic",
    markup="jsonld",
    street="2200 Bay Area Blvd",
    city="Houston",
    postal_code="77058",
    phone="281-488-7720",
    services=("Dialectical behavior therapy",),
    paragraphs=("Fictional sample practice. DBT for adults with depression.",),
)


def clinic_sitemap(base_url: str) -> str:
    paths = [f"/clinics/{clinic.slug}/" for clinic in clinic_pages.CLINICS]
    paths += list(EXTRA_CLINIC_PATHS)
    for slug in multi_page_sites.SITES:
        paths += multi_page_sites.sitemap_paths(slug)
    return sitemap_xml(base_url, paths)


def sitemap_xml(base_url: str, paths: list[str]) -> str:
    urls = "\n".join(f"  <url><loc>{base_url}{path}</loc></url>" for path in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}\n</urlset>\n"
    )


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, FixtureHandler)
        self.request_log: list[str] = []
        self.hits: dict[str, int] = {}
        self.user_agents: set[str] = set()
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def record(self, path: str, user_agent: str = "") -> int:
        """Log a request; returns how many times this path was requested so far."""
        with self._lock:
            self.user_agents.add(user_agent)
            self.request_log.append(path)
            self.hits[path] = self.hits.get(path, 0) + 1
            return self.hits[path]


class FixtureHandler(BaseHTTPRequestHandler):
    server: FixtureServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one response, one packet train: no 40 ms delayed-ACK stalls

    def log_message(self, format: str, *args: object) -> None:  # quiet by default
        pass

    # ---- responses ----------------------------------------------------------------------

    def _send(
        self, status: int, body: bytes | str, content_type: str, headers: dict | None = None
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header(SAMPLE_HEADER, "1")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _html(self, body: str, status: int = 200, headers: dict | None = None) -> None:
        self._send(status, body, "text/html; charset=utf-8", headers)

    def _json(self, data: dict, status: int = 200) -> None:
        self._send(status, json.dumps(data), "application/json")

    def _not_found(self) -> None:
        self._html("<html><body><h1>Not found</h1></body></html>", status=404)

    # ---- routing ---------------------------------------------------------------------------

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        count = self.server.record(self.path, self.headers.get("User-Agent", ""))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(path, params, parts.query, count)

    def _route(self, path: str, params: dict, query: str, count: int) -> None:
        base = self.server.base_url
        if path == "/robots.txt":
            return self._send(
                200, ROBOTS_TXT.replace("Sitemap: /", f"Sitemap: {base}/"), "text/plain"
            )
        if path == "/npi/api/" or path == "/npi/api":
            return self._json(npi_data.api_response(params))
        if path == "/findtreatment/locator/exportsAsJson/v2":
            status, body = findtreatment_data.api_response(params)
            return self._json(body, status)
        if path == "/clinics/sitemap.xml":
            return self._send(200, clinic_sitemap(base), "application/xml")
        if path.startswith("/clinics/"):
            return self._clinic(path, base, count)
        if path.startswith("/private/"):
            return self._html("<html><body><h1>Staff only</h1></body></html>")
        if path.startswith(multi_page_sites.SITES_PREFIX):
            return self._site_page(path, base)
        if path in ("/directory/", "/directory"):
            page = directory_pages.render_listing_page(int(params.get("page", "1") or 1))
            return self._html(page) if page else self._not_found()
        match = re.fullmatch(r"/directory/provider/([a-z0-9-]+)", path)
        if match:
            profile = directory_pages.render_profile(match.group(1))
            return self._html(profile) if profile else self._not_found()
        if path.startswith("/bench/"):
            return self._bench(path, params, query)
        return self._not_found()

    def _clinic(self, path: str, base: str, count: int) -> None:
        url = base + path
        if path == "/clinics/flaky/":
            if count == 1:
                return self._html(
                    "<html><body>Too many requests</body></html>", 429, {"Retry-After": "1"}
                )
            return self._html(clinic_pages.render_clinic(FLAKY_CLINIC, url))
        if path == "/clinics/unavailable/":
            return self._html("<html><body>Internal server error</body></html>", 500)
        if path == "/clinics/slow/":
            time.sleep(SLOW_SECONDS)
            return self._html(clinic_pages.render_clinic(SLOW_CLINIC, url))
        if path == "/clinics/huge/":
            return self._html(clinic_pages.render_huge_page(url))
        if path == "/clinics/brochure.pdf":
            return self._send(200, b"%PDF-1.4\n% fixture brochure\n%%EOF\n", "application/pdf")
        if path == "/clinics/under-construction/":
            return self._html(clinic_pages.BROKEN_PAGE)
        match = re.fullmatch(r"/clinics/([a-z0-9-]+)/", path)
        clinic = clinic_pages.find_clinic(match.group(1)) if match else None
        if clinic is None:
            return self._not_found()
        return self._html(clinic_pages.render_clinic(clinic, url))

    def _site_page(self, path: str, base: str) -> None:
        slug, _, page = path.removeprefix(multi_page_sites.SITES_PREFIX).partition("/")
        if slug not in multi_page_sites.SITES:
            return self._not_found()
        if page == "sitemap.xml":
            paths = multi_page_sites.sitemap_paths(slug)
            return self._send(200, sitemap_xml(base, paths), "application/xml")
        body = multi_page_sites.render(slug, page, base + multi_page_sites.site_path(slug))
        return self._html(body) if body is not None else self._not_found()

    def _bench(self, path: str, params: dict, query: str) -> None:
        pages = int(params.get("pages", "10"))
        per_page = int(params.get("per", "20"))
        delay_ms = int(params.get("delay_ms", "0"))
        if delay_ms:
            time.sleep(delay_ms / 1000)
        match = re.fullmatch(r"/bench/list/(\d+)", path)
        if match:
            body = directory_pages.render_generated_listing_page(
                int(match.group(1)), pages, per_page, query
            )
            return self._html(body) if body else self._not_found()
        match = re.fullmatch(r"/bench/provider/(\d+)", path)
        if match and int(match.group(1)) < pages * per_page:
            return self._html(directory_pages.render_generated_profile(int(match.group(1))))
        return self._not_found()


def serve(port: int = 0, host: str = "127.0.0.1") -> tuple[FixtureServer, str]:
    """Start the fixture server in a daemon thread; returns (server, base_url)."""
    server = FixtureServer((host, port))
    thread = threading.Thread(target=server.serve_forever, name="fixture-sites", daemon=True)
    thread.start()
    return server, server.base_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the crawler's fixture sites on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    args = parser.parse_args(argv)
    server, base_url = serve(args.port)
    print(f"fixture sites at {base_url} (Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
