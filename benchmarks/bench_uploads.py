"""Upload protection benchmark: peak memory (RSS) and time of the attacks of security audit 4.2 and
4.3, and of ordinary uploads, each in a fresh process so that its peak is its own.

    .venv/bin/python benchmarks/bench_uploads.py

Scenarios:

* ``zip_bomb``: ``check_upload`` of a 300 KB DOCX whose document.xml unpacks to 300 MB (the audit's
  730 KB DOCX grew a worker by 2.87 GB for 111 s).
* ``upload_60mb``: a 60 MB multipart POST through Django's WSGI handler (the audit's file grew a
  worker by 1.5 GB): refused with 413 before the body is read.
* ``upload_past_limit``: a file 0.5 MB past the 50 MB limit, inside the request allowance: streamed
  to disk by ``LimitedUploadHandler`` and dropped at the limit.
* ``read_docx_900k_chars``: an ordinary DOCX of 900,000 Chinese characters (just under the text
  kept), read in the bounded reading process (its peak is measured on the child).
* ``read_scan_10_pages``: a 10-page scanned PDF recognized by tesseract within the OCR time.

The request bodies are streamed from a file on disk, so the benchmark itself holds none of them.
Results are printed and written to benchmarks/out/bench_uploads.json (gitignored).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
MB = 1024 * 1024


def peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak() -> None:
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux).
    Path("/proc/self/clear_refs").write_text("5")


def setup_django() -> None:
    sys.path.insert(0, str(ROOT.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gk-bench-uploads-"))
    import django

    django.setup()


def multipart_file(path: Path, size: int) -> tuple[str, int]:
    """Write a multipart body holding one file of ``size`` bytes; (content type, length)."""
    boundary = "gongkaibenchboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    with path.open("wb") as out:
        out.write(head)
        chunk = b"0" * MB
        left = size - len(b"%PDF-1.4\n")
        while left > 0:
            out.write(chunk[: min(MB, left)])
            left -= MB
        out.write(tail)
    return f"multipart/form-data; boundary={boundary}", path.stat().st_size


def post_through_wsgi(size: int) -> dict[str, object]:
    from django.core.handlers.wsgi import WSGIHandler

    app = WSGIHandler()
    warm = {"REQUEST_METHOD": "GET", "PATH_INFO": "/staff/login/", "SERVER_NAME": "127.0.0.1"}
    warm.update({"SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000", "wsgi.url_scheme": "http"})
    warm.update({"wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr})
    b"".join(app(warm, lambda status, headers: None))  # load the URLs, templates and middleware first
    with tempfile.TemporaryDirectory() as tmp:
        body = Path(tmp) / "body"
        content_type, length = multipart_file(body, size)
        statuses: list[str] = []
        with body.open("rb") as stream:
            environ = {
                "REQUEST_METHOD": "POST",
                "PATH_INFO": "/staff/items/new/",
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "8000",
                "HTTP_HOST": "127.0.0.1:8000",
                "wsgi.url_scheme": "http",
                "wsgi.input": stream,
                "wsgi.errors": sys.stderr,
                "CONTENT_TYPE": content_type,
                "CONTENT_LENGTH": str(length),
                # A CSRF cookie, so that the CSRF check parses the body (and the upload handler runs).
                "HTTP_COOKIE": "csrftoken=" + "a" * 32,
            }
            reset_peak()
            base = peak_kb()
            started = time.perf_counter()
            response = app(environ, lambda status, headers: statuses.append(status))
            b"".join(response)
            seconds = time.perf_counter() - started
            read = stream.tell()
        return {
            "status": statuses[0],
            "body_mb": round(length / MB, 1),
            "body_read_mb": round(read / MB, 1),
            "seconds": round(seconds, 3),
            "peak_growth_mb": round((peak_kb() - base) / 1024, 1),
        }


def scenario(name: str) -> dict[str, object]:
    setup_django()
    sys.path.insert(0, str(ROOT.parent / "src"))
    from django.core.exceptions import ValidationError

    from gongkai.core.files.extract import extract_text
    from gongkai.core.tests.documents import ocr_notice, scanned_pdf, zip_bomb_docx
    from gongkai.disclosure.services.content import check_upload

    if name == "zip_bomb":
        data = zip_bomb_docx(300)
        reset_peak()
        base = peak_kb()
        started = time.perf_counter()
        try:
            check_upload(data, "工作总结.docx")
            outcome = "accepted"
        except ValidationError as error:
            outcome = error.messages[0]
        return {
            "file_kb": len(data) // 1024,
            "unpacked_mb": 300,
            "outcome": outcome,
            "seconds": round(time.perf_counter() - started, 4),
            "peak_growth_mb": round((peak_kb() - base) / 1024, 1),
        }
    if name == "upload_60mb":
        return post_through_wsgi(60 * MB)
    if name == "upload_past_limit":
        return post_through_wsgi(50 * MB + MB // 2)
    if name == "read_docx_900k_chars":
        import docx

        sentences = (ROOT.parent / "src/gongkai/disclosure/demo/data/sentences.txt").read_text().splitlines()
        document = docx.Document()
        size = 0
        index = 0
        while size < 900_000:
            sentence = sentences[index % len(sentences)] + f"（第{index}条）"
            document.add_paragraph(sentence)
            size += len(sentence)
            index += 1
        out = io.BytesIO()
        document.save(out)
        data = out.getvalue()
        started = time.perf_counter()
        result = extract_text("docx", data)
        return {
            "file_kb": len(data) // 1024,
            "status": result.status,
            "chars": len(result.text),
            "seconds": round(time.perf_counter() - started, 2),
            "reader_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        }
    if name == "read_scan_10_pages":
        data = scanned_pdf(ocr_notice(), pages=10)
        started = time.perf_counter()
        result = extract_text("pdf", data)
        return {
            "file_kb": len(data) // 1024,
            "status": result.status,
            "problem": result.problem,
            "seconds": round(time.perf_counter() - started, 2),
            "reader_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        }
    raise SystemExit(f"unknown scenario {name}")


SCENARIOS = ["zip_bomb", "upload_60mb", "upload_past_limit", "read_docx_900k_chars", "read_scan_10_pages"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=SCENARIOS)
    args = parser.parse_args()
    if args.scenario:
        print(json.dumps(scenario(args.scenario), ensure_ascii=False))
        return
    results = {}
    for name in SCENARIOS:
        done = subprocess.run(
            [sys.executable, __file__, "--scenario", name], capture_output=True, text=True, check=True
        )
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{name:22} {results[name]}", flush=True)
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_uploads.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
