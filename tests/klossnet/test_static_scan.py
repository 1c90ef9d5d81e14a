"""The test run's one scan of STATIC_ROOT for WhiteNoise (tests/conftest.py): each test's
client makes its own middleware, and the scan is kept only while nothing it depends on
changes."""

from unittest import mock

from whitenoise.base import WhiteNoise
from whitenoise.middleware import WhiteNoiseMiddleware


def _headers(middleware, url):
    response = middleware.files[url].get_response("GET", {})
    response.file.close()
    return dict(response.headers)


def test_a_second_middleware_reuses_the_scan_and_serves_the_same(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path)
    (tmp_path / "site.css").write_text("body { color: #111; }")
    first = WhiteNoiseMiddleware(lambda request: None)
    with mock.patch.object(WhiteNoise, "get_static_file", wraps=first.get_static_file) as build:
        second = WhiteNoiseMiddleware(lambda request: None)
    assert build.call_count == 0
    assert second.files.keys() == first.files.keys() == {"/static/site.css"}
    assert _headers(second, "/static/site.css") == _headers(first, "/static/site.css")


def test_a_file_written_or_changed_is_scanned_again(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path)
    (tmp_path / "site.css").write_text("body { color: #111; }")
    WhiteNoiseMiddleware(lambda request: None)
    (tmp_path / "print.css").write_text("nav { display: none; }")
    assert set(WhiteNoiseMiddleware(lambda request: None).files) == {
        "/static/site.css",
        "/static/print.css",
    }
    (tmp_path / "site.css").write_text("body { color: #000; background: #fff; }")
    middleware = WhiteNoiseMiddleware(lambda request: None)
    size = _headers(middleware, "/static/site.css")["Content-Length"]
    assert size == str(len("body { color: #000; background: #fff; }"))


def test_another_max_age_is_scanned_again(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path)
    (tmp_path / "site.css").write_text("body { color: #111; }")
    settings.WHITENOISE_MAX_AGE = 60
    assert (
        "max-age=60"
        in _headers(WhiteNoiseMiddleware(lambda r: None), "/static/site.css")["Cache-Control"]
    )
    settings.WHITENOISE_MAX_AGE = 3600
    assert (
        "max-age=3600"
        in _headers(WhiteNoiseMiddleware(lambda r: None), "/static/site.css")["Cache-Control"]
    )
