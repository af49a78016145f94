"""Times the media toolbox on this machine (run by hand, results in bench/README.md):
a 60 s clip of a 720p video, stream copied (start on a keyframe) and re-encoded (start between
keyframes), and a 20-page .docx converted to PDF. Medians of 3 runs.

    .venv/bin/python bench/media/run.py
"""

import asyncio
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import docx

from api import media

RUNS = 3


def source_video(folder):
    path = folder / "talk-720p.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=120",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=120", "-c:v", "libx264", "-g", "50",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)], check=True)
    return path


def source_document(folder):
    made = docx.Document()
    for page in range(20):
        made.add_heading(f"Session {page + 1}", 1)
        for paragraph in range(3):
            made.add_paragraph("Speakers, rooms and times of the day's programme. " * 12)
        made.add_page_break()
    path = folder / "programme.docx"
    made.save(path)
    return path


async def timed(make):
    seconds = []
    for _ in range(RUNS):
        work = Path(tempfile.mkdtemp())
        started = time.perf_counter()
        output = await make(work)
        seconds.append(time.perf_counter() - started)
        shutil.rmtree(work)
    return statistics.median(seconds), output


async def main():
    folder = Path(tempfile.mkdtemp())
    video, document = source_video(folder), source_document(folder)
    mp4, docx_type = "video/mp4", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    rows = [
        ("60 s clip of 720p, start on a keyframe (stream copy)",
         lambda work: media.clip_video(video, mp4, 10, 70, work, 600)),
        ("60 s clip of 720p, start between keyframes (re-encode)",
         lambda work: media.clip_video(video, mp4, 10.5, 70.5, work, 600)),
        ("20-page docx to PDF (LibreOffice)",
         lambda work: media.convert(document, docx_type, "pdf", work, 600)),
    ]
    print("| work | median of 3 (s) |\n|---|---|")
    for label, make in rows:
        seconds, _ = await timed(make)
        print(f"| {label} | {seconds:.2f} |")
    shutil.rmtree(folder)


if __name__ == "__main__":
    asyncio.run(main())
