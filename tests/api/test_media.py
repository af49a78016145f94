"""api/media.py on media the tests make themselves: ffmpeg's lavfi test sources, Pillow images,
documents from python-docx, hand-written OpenDocument files and LibreOffice.

Every call gets a fresh `workdir`; afterwards it holds the result and nothing else, or nothing at
all when the call failed; a tool stopped by a time limit or a cancellation leaves no process
naming the test's folder.
"""

import asyncio
import shutil
import contextlib
import logging
import os
import re
import signal
import subprocess
import zipfile

import docx
import pypdf
import pytest
from PIL import Image

from api import media

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODP = "application/vnd.oasis.opendocument.presentation"
FRAME = 1 / 25  # every test video runs at 25 fps, a keyframe each second (-g 25)
TIMEOUT = 60
PATH = re.compile(r"(?<![\w.])/\w")  # what a client must not see; a MIME type's slash follows a letter

PICTURE = "testsrc2=size=160x120:rate=25:duration={}"
TONE = "sine=frequency=440:duration={}"


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *map(str, args)], check=True)


def make_video(path, *codecs, seconds=3):
    ffmpeg("-f", "lavfi", "-i", PICTURE.format(seconds), "-f", "lavfi", "-i", TONE.format(seconds),
           "-g", 25, "-pix_fmt", "yuv420p", *codecs, "-shortest", path)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def mpeg4(folder):
    """MPEG-4 part 2, no B-frames: a stream copy ends where asked, a re-encode is H.264."""
    return make_video(folder / "mpeg4.mp4", "-c:v", "mpeg4", "-q:v", 5, "-c:a", "aac")


@pytest.fixture(scope="module")
def h264(folder):
    """H.264 with B-frames: a stream copy cut between keyframes runs a few frames long."""
    return make_video(folder / "h264.mp4", "-c:v", "libx264", "-bf", 2, "-c:a", "aac")


@pytest.fixture(scope="module")
def webm(folder):
    return make_video(folder / "vp8.webm", "-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libopus")


@pytest.fixture(scope="module")
def matroska(folder):
    return make_video(folder / "h264.mkv", "-c:v", "libx264", "-bf", 0, "-c:a", "aac")


@pytest.fixture(scope="module")
def tone(folder):
    path = folder / "tone.wav"
    ffmpeg("-f", "lavfi", "-i", TONE.format(1), path)
    return path


@pytest.fixture(scope="module")
def png(folder):
    path = folder / "picture.png"
    Image.new("RGB", (32, 32), "teal").save(path)
    return path


@pytest.fixture(scope="module")
def half_transparent_png(folder):
    """Opaque red on the left, fully transparent black on the right."""
    path = folder / "half.png"
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (0, 0, 16, 32))
    image.save(path)
    return path


@pytest.fixture(scope="module")
def docx_file(folder):
    path = folder / "letter.docx"
    document = docx.Document()
    document.add_paragraph("Dear members,")
    document.add_paragraph("the conference moves to the large hall.")
    document.save(path)
    return path


CONTENT = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
           ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
           ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
           ' xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
           ' office:version="1.2"><office:body>{}</office:body></office:document-content>')
TEXT = "<office:text><text:p>Dear members,</text:p><text:p>the hall has moved.</text:p></office:text>"
SLIDE = ('<draw:page draw:name="{0}"><draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="3cm">'
         '<draw:text-box><text:p>{0}</text:p></draw:text-box></draw:frame></draw:page>')
SLIDES = f"<office:presentation>{SLIDE.format('Welcome')}{SLIDE.format('Programme')}</office:presentation>"
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="{}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')


def write_opendocument(path, mime_type, body):
    """The smallest OpenDocument LibreOffice opens: mimetype (stored, first), manifest, content."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mime_type)
        archive.writestr("META-INF/manifest.xml", MANIFEST.format(mime_type))
        archive.writestr("content.xml", CONTENT.format(body))
    return path


@pytest.fixture(scope="module")
def odt(folder):
    return write_opendocument(folder / "letter.odt", ODT, TEXT)


@pytest.fixture(scope="module")
def odp(folder):
    return write_opendocument(folder / "slides.odp", ODP, SLIDES)


# Office tests need LibreOffice (make tools installs it as root); without it they skip, saying so,
# and the server answers 501 (test_a_missing_tool_is_named).
needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                       reason="LibreOffice (soffice) is not installed: run make tools as root")


@pytest.fixture(scope="module")
def pptx(folder, odp):
    """python-pptx is no dependency: LibreOffice writes the .pptx from the .odp."""
    out = folder / "pptx"
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pptx", "--outdir", str(out), str(odp)], check=True, capture_output=True)
    return out / "slides.pptx"


@pytest.fixture()
def workdir(tmp_path):
    path = tmp_path / "work"
    path.mkdir()
    yield path
    for pid in processes_naming(tmp_path):  # only when a test failed: leave nothing running
        with contextlib.suppress(OSError):
            group = os.getpgid(int(pid))
            if group != os.getpgrp():
                os.killpg(group, signal.SIGKILL)


def run(coroutine):
    return asyncio.run(coroutine)


def probe(path):
    return run(media.probe(path))


def stream(found, kind):
    return next(s for s in found["streams"] if s["codec_type"] == kind)


def duration(path):
    return float(probe(path)["format"]["duration"])


def only_result(workdir, output):
    assert output.path.parent == workdir.absolute()
    assert list(workdir.iterdir()) == [output.path]
    return output.path


def refused(coroutine, field=None):
    with pytest.raises(media.MediaError) as caught:
        run(coroutine)
    assert caught.value.field == field
    assert str(caught.value) == caught.value.reason
    assert not PATH.search(caught.value.reason)
    return caught.value.reason


def processes_naming(folder):
    """Live processes whose command line names `folder` (zombies have none)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as cmdline:
                    if str(folder).encode() in cmdline.read():
                        found.append(entry.name)
            except OSError:
                pass
    return found


def command_name(pid):
    try:
        with open(f"/proc/{pid}/comm") as comm:
            return comm.read().strip()
    except OSError:
        return None


# Clips -------------------------------------------------------------------------------------------

def test_a_clip_of_a_keyframe_aligned_range_is_stream_copied(mpeg4, workdir):
    output = run(media.clip_video(mpeg4, "video/mp4", 1.0, 2.5, workdir, TIMEOUT))

    clip = only_result(workdir, output)
    assert (output.mime_type, output.extension, clip.suffix) == ("video/mp4", "mp4", ".mp4")
    found = probe(clip)
    assert stream(found, "video")["codec_name"] == "mpeg4"  # a re-encode would be h264
    assert stream(found, "audio")["codec_name"] == "aac"
    assert abs(float(found["format"]["duration"]) - 1.5) <= FRAME


def test_a_clip_starting_between_keyframes_is_re_encoded(mpeg4, workdir):
    output = run(media.clip_video(mpeg4, "video/mp4", 1.3, 2.7, workdir, TIMEOUT))

    clip = only_result(workdir, output)
    assert stream(probe(clip), "video")["codec_name"] == "h264"
    assert abs(duration(clip) - 1.4) <= FRAME


def test_a_clip_from_keyframe_to_keyframe_is_stream_copied_exactly_despite_b_frames(h264, workdir, caplog):
    # Packets are copied in decoding order: counting the frames shown before the end keyframe
    # keeps a B-frame stream exact, so the copy is kept.
    with caplog.at_level(logging.INFO, "aether.media"):
        output = run(media.clip_video(h264, "video/mp4", 1.0, 2.0, workdir, TIMEOUT))

    assert "clip stream-copied, not re-encoded" in caplog.text
    assert abs(duration(only_result(workdir, output)) - 1.0) <= FRAME


def test_a_clip_that_a_stream_copy_would_make_too_long_is_re_encoded_to_length(h264, workdir, caplog):
    # Starts on a keyframe, but B-frames carry a copy past the end: the copy is measured and dropped.
    with caplog.at_level(logging.INFO, "aether.media"):
        output = run(media.clip_video(h264, "video/mp4", 1.0, 2.5, workdir, TIMEOUT))

    assert "stream copy of a clip failed, re-encoding" in caplog.text
    assert abs(duration(only_result(workdir, output)) - 1.5) <= FRAME


def test_a_clip_may_run_to_the_end_and_accepts_clock_times(h264, workdir):
    start, end = media.parse_time("00:00:02.000", "start"), media.parse_time("0:03", "end")
    output = run(media.clip_video(h264, "video/mp4", start, end, workdir, TIMEOUT))

    found = probe(only_result(workdir, output))
    assert stream(found, "video")["codec_name"] == "h264"
    assert abs(float(found["format"]["duration"]) - 1.0) <= FRAME


@pytest.mark.parametrize(("source", "mime_type", "container", "codec"), [
    ("webm", "video/webm", "webm", "vp8"),
    ("matroska", "video/x-matroska", "mp4", "h264"),
])
def test_a_clip_keeps_a_webm_container_and_puts_others_in_mp4(request, source, mime_type, container, codec, workdir):
    output = run(media.clip_video(request.getfixturevalue(source), mime_type, 1.0, 2.0, workdir, TIMEOUT))

    clip = only_result(workdir, output)
    assert (output.extension, output.mime_type) == (container, f"video/{container}")
    found = probe(clip)
    assert container in found["format"]["format_name"]
    assert stream(found, "video")["codec_name"] == codec
    assert abs(float(found["format"]["duration"]) - 1.0) <= FRAME


@pytest.mark.parametrize(("source", "mime_type"), [
    ("png", "image/png"),  # by its type
    ("png", "video/mp4"),  # by its content: ffprobe reads a PNG, but finds no video in it
    ("tone", "video/mp4"),  # sound only
    ("random", "video/mp4"),  # corrupt
])
def test_a_clip_is_refused_for_what_is_not_a_video(request, source, mime_type, workdir, tmp_path):
    if source == "random":
        path = tmp_path / "broken.mp4"
        path.write_bytes(os.urandom(4096))
    else:
        path = request.getfixturevalue(source)

    reason = refused(media.clip_video(path, mime_type, 0, 1, workdir, TIMEOUT))

    assert "video" in reason.lower()
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize(("start", "end"), [(1.0, 1.0), (2.0, 1.0)])
def test_a_clip_must_end_after_it_starts(mpeg4, start, end, workdir):
    assert "after start" in refused(media.clip_video(mpeg4, "video/mp4", start, end, workdir, TIMEOUT), "end")
    assert list(workdir.iterdir()) == []


def test_a_clip_cannot_end_past_the_video(mpeg4, workdir):
    reason = refused(media.clip_video(mpeg4, "video/mp4", 1, 3.5, workdir, TIMEOUT), "end")

    assert "3.000 s" in reason
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize(("value", "seconds"), [
    (12, 12.0), (12.5, 12.5), (0, 0.0), ("12.5", 12.5), (" 7 ", 7.0), (".5", 0.5),
    ("01:02:03.250", 3723.25), ("1:02:03", 3723.0), ("02:03", 123.0), ("90:00", 5400.0), ("00:00.040", 0.04),
])
def test_a_time_is_seconds_or_a_clock_time(value, seconds):
    assert media.parse_time(value, "start") == pytest.approx(seconds)


@pytest.mark.parametrize("value", [
    -1, "-1", "-00:01", None, True, "", "abc", "1:2:3:4", "01:60", "1:00:75", "1e3", "12,5", float("nan"),
    float("inf"), [1],
])
def test_a_time_that_is_not_one_is_refused_for_its_field(value):
    with pytest.raises(media.MediaError) as caught:
        media.parse_time(value, "end")

    assert caught.value.field == "end"
    assert caught.value.reason.startswith("end must")


# Conversions -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("mime_type", "targets"), [
    ("video/mp4", ["mp4", "webm"]),
    ("video/quicktime", ["mp4", "webm"]),
    ("audio/x-wav", ["mp3", "ogg"]),
    ("image/png", ["png", "jpeg", "webp"]),
    ("image/gif", ["png", "jpeg", "webp"]),
    (DOCX, ["pdf"]), (PPTX, ["pdf"]), (ODT, ["pdf"]), (ODP, ["pdf"]),
    ("application/pdf", []), ("image/svg+xml", []), ("application/zip", []), (None, []),
])
def test_the_targets_offered_follow_the_kind_of_source(mime_type, targets):
    assert media.targets_for(mime_type) == targets


def test_a_video_converts_to_webm(mpeg4, workdir):
    output = run(media.convert(mpeg4, "video/mp4", "webm", workdir, TIMEOUT))

    found = probe(only_result(workdir, output))
    assert (output.mime_type, output.extension) == ("video/webm", "webm")
    assert stream(found, "video")["codec_name"] == "vp9"
    assert stream(found, "audio")["codec_name"] == "opus"


@pytest.mark.parametrize(("target", "mime_type", "codec"), [
    ("mp3", "audio/mpeg", "mp3"), ("ogg", "audio/ogg", "vorbis"),
])
def test_audio_converts_to_mp3_and_ogg(tone, target, mime_type, codec, workdir):
    output = run(media.convert(tone, "audio/x-wav", target, workdir, TIMEOUT))

    found = probe(only_result(workdir, output))
    assert (output.mime_type, output.extension) == (mime_type, target)
    assert stream(found, "audio")["codec_name"] == codec
    assert abs(float(found["format"]["duration"]) - 1.0) < 0.1


@pytest.mark.parametrize(("target", "extension", "pillow_format"), [
    ("jpeg", "jpg", "JPEG"), ("jpg", "jpg", "JPEG"), ("webp", "webp", "WEBP"),
])
def test_an_image_converts_with_pillow(png, target, extension, pillow_format, workdir):
    output = run(media.convert(png, "image/png", target, workdir, TIMEOUT))

    assert output.extension == extension
    with Image.open(only_result(workdir, output)) as image:
        assert (image.format, image.size) == (pillow_format, (32, 32))
        assert Image.MIME[image.format] == output.mime_type


def test_a_transparent_image_becomes_jpeg_on_white(half_transparent_png, workdir):
    output = run(media.convert(half_transparent_png, "image/png", "jpeg", workdir, TIMEOUT))

    with Image.open(only_result(workdir, output)) as image:
        assert image.mode == "RGB"
        red, white = image.getpixel((4, 16)), image.getpixel((28, 16))
    assert red[0] > 240 and red[1] < 15 and red[2] < 15
    assert min(white) > 240


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("limit", [100, 600])  # Pillow itself refuses past twice its limit, and warns below
def test_a_decompression_bomb_is_refused(png, limit, workdir, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)  # 32x32 is 1024 pixels

    assert "too many pixels" in refused(media.convert(png, "image/png", "webp", workdir, TIMEOUT))
    assert list(workdir.iterdir()) == []


@needs_libreoffice
@pytest.mark.parametrize(("source", "mime_type", "text"), [
    ("docx_file", DOCX, "large hall"),
    ("odt", ODT, "hall has moved"),
    ("odp", ODP, "Programme"),
    ("pptx", PPTX, "Programme"),
])
def test_an_office_document_converts_to_pdf_with_libreoffice(request, source, mime_type, text, workdir):
    output = run(media.convert(request.getfixturevalue(source), mime_type, "pdf", workdir, TIMEOUT))

    reader = pypdf.PdfReader(only_result(workdir, output))
    assert (output.mime_type, output.extension) == ("application/pdf", "pdf")
    assert len(reader.pages) >= 1
    assert text in "".join(page.extract_text() for page in reader.pages)


@needs_libreoffice
@pytest.mark.parametrize("content", [b"not a zip at all" * 64, b"zip"])
def test_a_document_libreoffice_cannot_load_is_refused(content, workdir, tmp_path):
    path = tmp_path / "broken.docx"
    if content == b"zip":  # a zip, but no document: soffice says so and exits 0 all the same
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hello")
    else:  # LibreOffice would print these bytes as text
        path.write_bytes(content)

    refused(media.convert(path, DOCX, "pdf", workdir, TIMEOUT))
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize(("mime_type", "target"), [
    ("video/mp4", "mp4"), ("video/webm", "WEBM"), ("audio/mpeg", "mp3"), ("image/jpeg", "jpg"),
    ("image/png", "png"), ("application/pdf", "pdf"),
])
def test_a_conversion_to_the_same_format_is_refused(png, mime_type, target, workdir):
    assert "already" in refused(media.convert(png, mime_type, target, workdir, TIMEOUT), "target")
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize(("mime_type", "target", "listed"), [
    ("image/png", "mp4", "converts to jpeg, webp;"),  # not to its own format
    ("video/mp4", "pdf", "converts to webm;"),
    ("video/quicktime", "pdf", "converts to mp4, webm;"),
    ("audio/x-wav", "gif", "converts to mp3, ogg;"),
    (DOCX, "odt", "converts to pdf;"),
    ("video/mp4", None, "converts to webm;"),
])
def test_an_unsupported_target_is_refused_with_the_supported_ones(png, mime_type, target, listed, workdir):
    assert listed in refused(media.convert(png, mime_type, target, workdir, TIMEOUT), "target")


def test_a_source_nothing_converts_is_refused_for_the_target(png, workdir):
    assert "cannot be converted" in refused(media.convert(png, "application/zip", "pdf", workdir, TIMEOUT), "target")


# Results are checked ---------------------------------------------------------------------------------

def test_a_truncated_pdf_is_not_a_result(tmp_path):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    whole = tmp_path / "whole.pdf"
    with open(whole, "wb") as file:
        writer.write(file)
    media.check_pdf(whole)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole.read_bytes()[:40])

    with pytest.raises(media.MediaError):
        media.check_pdf(cut)


def test_a_truncated_image_is_not_a_result(png, tmp_path):
    media.check_image(png, "png")
    cut = tmp_path / "cut.png"
    cut.write_bytes(png.read_bytes()[:60])

    with pytest.raises(media.MediaError):
        media.check_image(cut, "png")
    with pytest.raises(media.MediaError):
        media.check_image(png, "jpeg")  # decodes, but is not what was asked


# Time limits, cancellation, missing tools ------------------------------------------------------------

@pytest.mark.parametrize("source", ["fifo", "video"])
def test_a_conversion_past_its_time_limit_is_killed(request, source, workdir, tmp_path):
    if source == "fifo":  # ffprobe waits for a writer forever
        path, timeout = tmp_path / "endless.mp4", 0.2
        os.mkfifo(path)
    else:
        path, timeout = request.getfixturevalue("mpeg4"), 0.01

    reason = refused(media.convert(path, "video/mp4", "webm", workdir, timeout))

    assert reason == f"Converting to webm took longer than {timeout:g} s."
    assert processes_naming(tmp_path) == []
    assert list(workdir.iterdir()) == []


FORKING_SOFFICE = """#!/bin/sh
# Stands in for LibreOffice: starts a process of its own, naming the same files and holding none
# of the pipes its parent writes to, and waits for it.
sh -c 'sleep 60; :' forked "$@" </dev/null >/dev/null 2>&1 &
wait
"""


def test_a_tool_past_its_time_limit_is_killed_with_what_it_forked(docx_file, workdir, tmp_path, monkeypatch):
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "soffice").write_text(FORKING_SOFFICE)
    (tools / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")

    reason = refused(media.convert(docx_file, DOCX, "pdf", workdir, 0.5))

    assert reason == "Converting to pdf took longer than 0.5 s."
    assert processes_naming(tmp_path) == []
    assert list(workdir.iterdir()) == []


@needs_libreoffice
def test_a_cancelled_conversion_kills_libreoffice_and_all_it_started(docx_file, workdir, tmp_path):
    async def cancel_once_libreoffice_runs():
        task = asyncio.create_task(media.convert(docx_file, DOCX, "pdf", workdir, TIMEOUT))
        for _ in range(2000):
            if any(command_name(pid) == "soffice.bin" for pid in processes_naming(workdir)):
                break
            assert not task.done(), task
            await asyncio.sleep(0.005)
        else:
            pytest.fail("soffice.bin never started")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    run(cancel_once_libreoffice_runs())

    assert processes_naming(tmp_path) == []
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize(("source", "mime_type", "target", "missing"), [
    ("docx_file", DOCX, "pdf", "LibreOffice (soffice) is not installed."),
    ("mpeg4", "video/mp4", "webm", "ffprobe (part of ffmpeg) is not installed."),
])
def test_a_missing_tool_makes_the_conversion_unavailable(request, source, mime_type, target, missing, workdir,
                                                         tmp_path, monkeypatch):
    path = request.getfixturevalue(source)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))

    with pytest.raises(media.MediaUnavailable) as caught:
        run(media.convert(path, mime_type, target, workdir, TIMEOUT))

    assert str(caught.value) == missing
    assert list(workdir.iterdir()) == []
