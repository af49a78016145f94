"""The media toolbox behind POST /v3/action/hosted_file/{id}/clip_video and /convert: functions
over files, no HTTP and no database.

ffmpeg and ffprobe cut and convert video and audio, Pillow converts images, LibreOffice
(headless, with a profile of its own per call) turns office documents into PDF. Each tool runs
as a child process in a session of its own, never through a shell; when the call's time limit
passes, or the calling task is cancelled, the child's whole process group is killed.

Everything a call creates lives in a scratch folder inside the caller's `workdir` and is removed
before the call returns, whatever happens; only the result (Output.path) is left in `workdir`,
and only once it has been checked: probed by ffprobe, decoded by Pillow or opened by pypdf.

MediaError is the file's or the request's fault (the API answers 422 with its text: short, and
naming no path; the tools' own messages go to the log). MediaUnavailable is a tool missing on
this machine (501).
"""

import asyncio
import contextlib
import json
import logging
import math
import os
import re
import secrets
import shutil
import signal
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pypdf
from PIL import Image, ImageOps

STDOUT_LIMIT = 16 * 1024 * 1024  # ffprobe's JSON; more means a file built to hurt
STDERR_TAIL = 8192  # the end of a tool's complaints, for the log
PROBE_TIMEOUT = 30.0
END_SLACK = 0.001  # times are given to the millisecond
GROUP_EXIT_SECONDS = 1.0  # how long a killed process group may take to disappear
DEFAULT_FPS = 25

log = logging.getLogger("aether.media")


class MediaError(Exception):
    def __init__(self, reason, field=None):
        super().__init__(reason)
        self.reason = reason
        self.field = field


class MediaUnavailable(Exception):
    pass


MISSING = {
    "ffmpeg": "ffmpeg is not installed.",
    "ffprobe": "ffprobe (part of ffmpeg) is not installed.",
    "soffice": "LibreOffice (soffice) is not installed.",
}


@dataclass(frozen=True)
class Output:
    path: Path
    mime_type: str
    extension: str


@dataclass(frozen=True)
class Format:
    name: str  # as a client names the target
    extension: str
    mime_type: str
    kind: str


FORMATS = {fmt.name: fmt for fmt in (
    Format("mp4", "mp4", "video/mp4", "video"),
    Format("webm", "webm", "video/webm", "video"),
    Format("mp3", "mp3", "audio/mpeg", "audio"),
    Format("ogg", "ogg", "audio/ogg", "audio"),
    Format("png", "png", "image/png", "image"),
    Format("jpeg", "jpg", "image/jpeg", "image"),
    Format("webp", "webp", "image/webp", "image"),
    Format("pdf", "pdf", "application/pdf", "document"),
)}
TARGETS = {"video": ["mp4", "webm"], "audio": ["mp3", "ogg"], "image": ["png", "jpeg", "webp"], "document": ["pdf"]}
TARGET_ALIASES = {"jpg": "jpeg"}
# The format a source already is, for refusing a conversion to itself.
SOURCE_FORMATS = {"video/mp4": "mp4", "video/webm": "webm", "audio/mpeg": "mp3", "audio/mp3": "mp3",
                  "audio/ogg": "ogg", "image/png": "png", "image/jpeg": "jpeg", "image/jpg": "jpeg",
                  "image/webp": "webp", "application/pdf": "pdf"}
# Office documents LibreOffice turns into PDF, with the extension it recognises them by.
OFFICE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
Image.init()
PILLOW_READS = {mime for name, mime in Image.MIME.items() if name in Image.OPEN and mime.startswith("image/")}
PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
IMAGE_SAVE_OPTIONS = {"png": {"optimize": True}, "jpeg": {"quality": 90}, "webp": {"quality": 90}}
IMAGE_MODES = {"png": {"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"}, "jpeg": {"L", "RGB"}, "webp": {"RGB", "RGBA"}}

# The first video stream and every audio stream; subtitles and data rarely survive a container change.
STREAMS = ["-map", "0:v:0", "-map", "0:a?"]
EVEN_SIZE = "scale=trunc(iw/2)*2:trunc(ih/2)*2"  # yuv420p needs even dimensions
ENCODE = {
    "mp4": ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-vf", EVEN_SIZE,
            "-c:a", "aac", "-b:a", "160k", "-movflags", "+faststart", "-f", "mp4"],
    "webm": ["-c:v", "libvpx-vp9", "-crf", "32", "-b:v", "0", "-deadline", "good", "-cpu-used", "5", "-row-mt", "1",
             "-pix_fmt", "yuv420p", "-vf", EVEN_SIZE, "-c:a", "libopus", "-b:a", "128k", "-f", "webm"],
    "mp3": ["-map", "0:a:0", "-c:a", "libmp3lame", "-q:a", "2", "-f", "mp3"],
    "ogg": ["-map", "0:a:0", "-c:a", "libvorbis", "-q:a", "5", "-f", "ogg"],
}
MUXERS = {"mp4": ["-movflags", "+faststart", "-f", "mp4"], "webm": ["-f", "webm"]}


def parse_time(value, field):
    """Seconds from a number, a string of one ("12.5") or a clock time ("HH:MM:SS.mmm", "MM:SS")."""
    if isinstance(value, str):
        seconds = _clock_seconds(value.strip(), field)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        raise _time_error(field)
    if not math.isfinite(seconds):
        raise _time_error(field)
    if seconds < 0:
        raise MediaError(f"{field} must not be negative.", field)
    return seconds


SECONDS = re.compile(r"\d+(?:\.\d*)?|\.\d+")
CLOCK = re.compile(r"(?:(?P<hours>\d+):(?P<minutes>[0-5]\d)|(?P<only_minutes>\d+)):(?P<seconds>[0-5]\d(?:\.\d+)?)")


def _clock_seconds(text, field):
    if text.startswith("-") and (SECONDS.fullmatch(text[1:]) or CLOCK.fullmatch(text[1:])):
        raise MediaError(f"{field} must not be negative.", field)
    if SECONDS.fullmatch(text):
        return float(text)
    clock = CLOCK.fullmatch(text)
    if clock is None:
        raise _time_error(field)
    hours = int(clock["hours"] or 0)
    minutes = int(clock["minutes"] or clock["only_minutes"])
    return hours * 3600 + minutes * 60 + float(clock["seconds"])


def _time_error(field):
    return MediaError(f"{field} must be a time in seconds (12.5) or as HH:MM:SS.mmm or MM:SS.", field)


def targets_for(mime_type):
    return list(TARGETS.get(_kind(mime_type), []))


def _bare(mime_type):
    return str(mime_type or "").split(";")[0].strip().lower()


def _kind(mime_type):
    mime_type = _bare(mime_type)
    if mime_type in OFFICE:
        return "document"
    if mime_type in PILLOW_READS or mime_type == "image/jpg":
        return "image"
    for kind in ("video", "audio"):
        if mime_type.startswith(f"{kind}/"):
            return kind
    return None


# Time limits ------------------------------------------------------------------------------------

class Limit:
    """The deadline of one call: every child process it starts gets what is left of it."""

    def __init__(self, seconds, what):
        self.seconds, self.what = seconds, what
        self.when = asyncio.get_running_loop().time() + seconds

    def exceeded(self):
        return MediaError(f"{self.what} took longer than {self.seconds:g} s.")


@dataclass(frozen=True)
class Finished:
    code: int
    stdout: bytes
    stderr: bytes

    def complaint(self):
        return (self.stderr or self.stdout[-STDERR_TAIL:]).decode("utf-8", "replace").strip()


async def _run(argv, limit, env=None):
    tool = argv[0]
    try:
        process = await asyncio.create_subprocess_exec(
            *argv, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, start_new_session=True, env=env)
    except FileNotFoundError:
        raise MediaUnavailable(MISSING[tool]) from None
    try:
        async with asyncio.timeout_at(limit.when):
            (stdout, overflow), stderr, code = await asyncio.gather(
                _head(process.stdout, STDOUT_LIMIT), _tail(process.stderr, STDERR_TAIL), process.wait())
    except TimeoutError:
        log.info("%s killed after %g s: %s", tool, limit.seconds, " ".join(map(str, argv)))
        raise limit.exceeded() from None
    finally:
        await _shielded(_end(process))
    if overflow:
        log.info("%s wrote more than %d bytes to its output", tool, STDOUT_LIMIT)
        code = code or -1
    return Finished(code, stdout, stderr)


async def _head(stream, limit):
    kept, overflow = bytearray(), False
    while chunk := await stream.read(65536):
        overflow = overflow or len(kept) + len(chunk) > limit
        kept += chunk[:max(limit - len(kept), 0)]
    return bytes(kept), overflow


async def _tail(stream, limit):
    kept = bytearray()
    while chunk := await stream.read(65536):
        kept += chunk
        del kept[:-limit]
    return bytes(kept)


async def _shielded(coroutine):
    """Runs cleanup to its end even when the task awaiting it is cancelled (again)."""
    task = asyncio.ensure_future(coroutine)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait([task])
        raise


async def _end(process):
    """Kills what is left of a child's process group (soffice forks) and waits until it is gone."""
    group = process.pid  # start_new_session: the child leads its own group
    if process.returncode is None:
        _kill_group(group)
        await process.wait()
    loop = asyncio.get_running_loop()
    give_up = loop.time() + GROUP_EXIT_SECONDS
    while _group_alive(group) and loop.time() < give_up:
        _kill_group(group)
        await asyncio.sleep(0.01)


def _kill_group(group):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)


def _group_alive(group):
    """Whether a process of the group still runs (zombies do not count), from /proc."""
    try:
        entries = [entry.name for entry in os.scandir("/proc") if entry.name.isdigit()]
    except OSError:
        return False
    for pid in entries:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] not in (b"Z", b"X"):
            return True
    return False


async def _in_thread(function, *args, limit):
    """Runs a function in a thread under the call's limit. A thread cannot be killed: on timeout
    or cancellation this waits for it to finish, so that it leaves nothing behind."""
    task = asyncio.ensure_future(asyncio.to_thread(function, *args))
    try:
        async with asyncio.timeout_at(limit.when):
            return await asyncio.shield(task)
    except TimeoutError:
        await asyncio.wait([task])
        raise limit.exceeded() from None
    except asyncio.CancelledError:
        await asyncio.wait([task])
        raise


# Files --------------------------------------------------------------------------------------------

@contextlib.asynccontextmanager
async def _scratch(workdir):
    folder = Path(workdir).absolute() / f".media-{secrets.token_hex(6)}"
    folder.mkdir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _keep(result, fmt, workdir, stem):
    """Moves a checked result out of the scratch folder, before the folder is removed."""
    path = Path(workdir).absolute() / f"{stem}-{secrets.token_hex(4)}.{fmt.extension}"
    os.rename(result, path)
    return Output(path, fmt.mime_type, fmt.extension)


def _file_url(path):
    """A path ffmpeg reads as a file whatever its name (no protocol prefix, no option)."""
    return f"file:{os.path.abspath(path)}"


# Audio and video ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Video:
    index: int
    duration: float
    start_time: float
    frame: float  # seconds


async def probe(path, timeout=PROBE_TIMEOUT):
    return await _probe(path, Limit(timeout, "Reading the file"), "The file is not audio or video ffprobe can read.")


async def _probe(path, limit, unreadable):
    finished = await _run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                           _file_url(path)], limit)
    if finished.code != 0:
        log.info("ffprobe refused a file (exit %s): %s", finished.code, finished.complaint())
        raise MediaError(unreadable)
    try:
        found = json.loads(finished.stdout)
    except ValueError:
        raise MediaError(unreadable) from None
    if not isinstance(found, dict) or not found.get("streams") or "format" not in found:
        raise MediaError(unreadable)
    return found


def _streams(found, kind):
    return [stream for stream in found["streams"]
            if stream.get("codec_type") == kind and not stream.get("disposition", {}).get("attached_pic")]


def _seconds(value):
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if math.isfinite(seconds) else None


def _frame_seconds(stream):
    for key in ("avg_frame_rate", "r_frame_rate"):
        try:
            rate = Fraction(stream.get(key, ""))
        except (ValueError, ZeroDivisionError):
            continue
        if rate > 0:
            return float(1 / rate)
    return 1 / DEFAULT_FPS


async def _video(source, limit):
    not_video = "The file is not a video ffmpeg can read."
    found = await _probe(source, limit, not_video)
    streams = _streams(found, "video")
    duration = _seconds(found["format"].get("duration"))
    if not streams or not duration:
        raise MediaError(not_video)
    stream = streams[0]
    return Video(stream["index"], duration,
                 _seconds(found["format"].get("start_time")) or 0.0, _frame_seconds(stream))


async def _ffmpeg(args, limit):
    return await _run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-n", *args], limit)


async def _checked_av(path, kind, limit):
    """The probe of a result that must have a stream of `kind`; MediaError otherwise."""
    broken = f"The {kind} ffmpeg made could not be read back."
    found = await _probe(path, limit, broken)
    if not _streams(found, kind):
        raise MediaError(broken)
    return found


async def clip_video(source, mime_type, start, end, workdir, timeout):
    if _kind(mime_type) != "video":
        raise MediaError("Only a video can be clipped.")
    start, end = parse_time(start, "start"), parse_time(end, "end")
    if start >= end:
        raise MediaError("end must be after start.", "end")
    limit = Limit(timeout, "Clipping the video")
    async with _scratch(workdir) as folder:
        video = await _video(source, limit)
        if end > video.duration + END_SLACK:
            raise MediaError(f"end is past the end of the video ({video.duration:.3f} s).", "end")
        fmt = FORMATS["webm" if _bare(mime_type) == "video/webm" else "mp4"]
        result = folder / f"clip.{fmt.extension}"
        keyframe = await _keyframe_at(source, start, video, limit)
        if keyframe is None or not await _stream_copy(source, keyframe, start, end, result, fmt, video, limit,
                                                      await _frames_to_keyframe(source, keyframe, end, video, limit)):
            await _reencode(source, start, end, result, fmt, video, limit)
        return _keep(result, fmt, workdir, "clip")


async def _keyframe_at(source, start, video, limit):
    """The time of the keyframe within half a frame of `start` (from the file's start), or None."""
    origin = video.start_time
    window = f"{origin + max(start - video.frame, 0):.6f}%{origin + start + video.frame:.6f}"
    finished = await _run(["ffprobe", "-v", "error", "-select_streams", str(video.index), "-read_intervals", window,
                           "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", _file_url(source)], limit)
    if finished.code != 0:
        log.info("ffprobe could not list keyframes (exit %s): %s", finished.code, finished.complaint())
        return None
    for line in finished.stdout.decode("ascii", "replace").splitlines():
        pts, _, flags = line.partition(",")
        time = _seconds(pts)
        if time is not None and flags.startswith("K") and abs(time - origin - start) <= video.frame / 2:
            return max(time - origin, 0.0)
    return None


async def _frames_to_keyframe(source, keyframe, end, video, limit):
    """How many video frames a copy from `keyframe` to `end` holds, when `end` is a keyframe
    too (or the video's end): packets are copied in decoding order, so only a cut before a
    keyframe takes exactly the frames shown before it (B-frames make any other cut run long)."""
    at_end = end >= video.duration - video.frame / 2
    if at_end or await _keyframe_at(source, end, video, limit) is not None:
        return round((end - keyframe) / video.frame)
    return None


async def _stream_copy(source, keyframe, start, end, result, fmt, video, limit, frames=None):
    """Cuts without re-encoding; False (and nothing left) when ffmpeg cannot or the cut is off."""
    counted = ["-frames:v", str(frames)] if frames else []
    finished = await _ffmpeg(["-ss", f"{keyframe:.6f}", "-i", _file_url(source), "-t", f"{end - keyframe:.6f}",
                              *counted, *STREAMS, "-c", "copy", *MUXERS[fmt.name], _file_url(result)], limit)
    if finished.code == 0:
        with contextlib.suppress(MediaError):
            if _duration_fits(await _checked_av(result, "video", limit), end - start, video):
                log.info("clip stream-copied, not re-encoded")
                return True
    log.info("stream copy of a clip failed, re-encoding (exit %s): %s", finished.code, finished.complaint())
    result.unlink(missing_ok=True)
    return False


async def _reencode(source, start, end, result, fmt, video, limit):
    finished = await _ffmpeg(["-ss", f"{start:.6f}", "-i", _file_url(source), "-t", f"{end - start:.6f}",
                              *STREAMS, *ENCODE[fmt.name], _file_url(result)], limit)
    if finished.code != 0:
        log.info("ffmpeg could not clip a video (exit %s): %s", finished.code, finished.complaint())
        raise MediaError("ffmpeg could not clip this video.")
    if not _duration_fits(await _checked_av(result, "video", limit), end - start, video):
        raise MediaError("The clip ffmpeg made is not as long as asked.")


def _duration_fits(found, expected, video):
    duration = _seconds(found["format"].get("duration"))
    fits = duration is not None and abs(duration - expected) <= video.frame + 1e-6
    if not fits:
        log.info("a clip lasts %s s instead of %.6f s", duration, expected)
    return fits


async def _convert_video(source, mime_type, fmt, folder, limit):
    await _video(source, limit)
    return await _transcode(source, fmt, folder, limit, "video")


async def _convert_audio(source, mime_type, fmt, folder, limit):
    found = await _probe(source, limit, "The file is not audio ffmpeg can read.")
    streams = _streams(found, "audio")
    if not streams:
        raise MediaError("The file has no sound.")
    stereo = ["-ac", "2"] if fmt.name == "mp3" and (streams[0].get("channels") or 0) > 2 else []
    return await _transcode(source, fmt, folder, limit, "audio", stereo)


async def _transcode(source, fmt, folder, limit, kind, extra=()):
    result = folder / f"converted.{fmt.extension}"
    streams = STREAMS if kind == "video" else []
    finished = await _ffmpeg(["-i", _file_url(source), *streams, *ENCODE[fmt.name], *extra, _file_url(result)],
                             limit)
    if finished.code != 0:
        log.info("ffmpeg could not convert to %s (exit %s): %s", fmt.name, finished.code, finished.complaint())
        raise MediaError(f"ffmpeg could not convert this {kind} to {fmt.name}.")
    await _checked_av(result, kind, limit)
    return result


# Images -------------------------------------------------------------------------------------------

def _open_image(path):
    """An image decoded in full; MediaError for what Pillow cannot decode or a decompression bomb."""
    try:
        image = Image.open(path)
        try:
            if Image.MAX_IMAGE_PIXELS and image.width * image.height > Image.MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError
            image.load()
        except BaseException:
            image.close()
            raise
    except Image.DecompressionBombError:
        raise MediaError("The image has too many pixels to convert.") from None
    except Exception as exc:
        log.info("Pillow could not read an image: %r", exc)
        raise MediaError("The file is not an image Pillow can read.") from None
    return image


def _fit_mode(image, name):
    """The image in a mode the target format stores; transparency becomes white for JPEG."""
    if image.mode in IMAGE_MODES[name]:
        return image
    transparent = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if not transparent:
        return image.convert("RGB")
    image = image.convert("RGBA")
    if name != "jpeg":
        return image
    flat = Image.new("RGB", image.size, "white")
    flat.paste(image, mask=image.getchannel("A"))
    return flat


def _convert_image_file(source, fmt, result):
    with _open_image(source) as image:
        upright = ImageOps.exif_transpose(image)
        _fit_mode(upright, fmt.name).save(result, PILLOW_FORMATS[fmt.name], **IMAGE_SAVE_OPTIONS[fmt.name])
    check_image(result, fmt.name)


def check_image(path, name):
    """MediaError unless `path` is an image of format `name` (png, jpeg, webp) Pillow decodes."""
    broken = "The converted image could not be read back."
    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            found = image.format
            image.load()
    except Exception as exc:
        log.info("Pillow could not read back a converted image: %r", exc)
        raise MediaError(broken) from None
    if found != PILLOW_FORMATS[name]:
        raise MediaError(broken)


async def _convert_image(source, mime_type, fmt, folder, limit):
    result = folder / f"converted.{fmt.extension}"
    await _in_thread(_convert_image_file, Path(source), fmt, result, limit=limit)
    return result


# Documents ----------------------------------------------------------------------------------------

async def _convert_document(source, mime_type, fmt, folder, limit):
    extension = OFFICE[_bare(mime_type)]
    if not zipfile.is_zipfile(source):  # else LibreOffice would print the bytes as text
        raise MediaError(f"The file is not a {extension} document.")
    # LibreOffice names its output after the input and finds a filter by the extension: a link
    # with a plain name and the right extension gives both.
    named = folder / f"document.{extension}"
    named.symlink_to(os.path.abspath(source))
    finished = await _run([
        "soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--invisible",
        "--nologo", "--nodefault", "--norestore", "--nolockcheck", "--convert-to", "pdf",
        "--outdir", str(folder / "out"), str(named),
    ], limit, env={**os.environ, "HOME": str(folder)})
    result = folder / "out" / "document.pdf"
    if finished.code != 0 or not result.is_file():  # soffice exits 0 when it cannot load the file
        log.info("LibreOffice could not convert a document (exit %s): %s", finished.code, finished.complaint())
        raise MediaError("LibreOffice could not convert this document to PDF.")
    check_pdf(result)
    return result


def check_pdf(path):
    """MediaError unless pypdf opens `path` and finds a page in it."""
    try:
        pages = len(pypdf.PdfReader(path).pages)
    except Exception as exc:
        log.info("pypdf could not read a PDF: %r", exc)
        pages = 0
    if pages < 1:
        raise MediaError("The PDF LibreOffice made could not be read back.")


# Conversion ---------------------------------------------------------------------------------------

CONVERTERS = {"video": _convert_video, "audio": _convert_audio, "image": _convert_image, "document": _convert_document}


# The programs each kind of work runs (Pillow works in-process).
TOOLS = {"clip_video": ("ffprobe", "ffmpeg"), "video": ("ffprobe", "ffmpeg"), "audio": ("ffprobe", "ffmpeg"),
         "image": (), "document": ("soffice",)}


def require_tools(work):
    """MediaUnavailable naming the first program `work` (clip_video, or a target's kind) needs
    that this machine lacks: asked before work is accepted, so a job is not queued for nothing."""
    for tool in TOOLS[work]:
        if shutil.which(tool) is None:
            raise MediaUnavailable(MISSING[tool])


def check_target(mime_type, target):
    """The format a file of mime_type converts to as target; MediaError when it is its own format
    or a pair not offered (naming what is)."""
    name = target.strip().lower() if isinstance(target, str) else ""
    name = TARGET_ALIASES.get(name, name)
    if name and name == SOURCE_FORMATS.get(_bare(mime_type)):
        raise MediaError(f"The file is {name} already.", "target")
    offered = [name for name in targets_for(mime_type) if name != SOURCE_FORMATS.get(_bare(mime_type))]
    if not offered:
        raise MediaError(f"Files of type {_bare(mime_type) or 'unknown'} cannot be converted.", "target")
    if name not in offered:
        raise MediaError(f"A file of type {_bare(mime_type)} converts to {', '.join(offered)}; "
                         f"not to {name[:20] or 'that'}.", "target")
    return FORMATS[name]


async def convert(source, mime_type, target, workdir, timeout):
    fmt = check_target(mime_type, target)
    limit = Limit(timeout, f"Converting to {fmt.name}")
    async with _scratch(workdir) as folder:
        result = await CONVERTERS[fmt.kind](source, mime_type, fmt, folder, limit)
        return _keep(result, fmt, workdir, "converted")
