"""`aether serve`: uvicorn with one process per worker, each listening on its own socket bound
with SO_REUSEPORT, so the kernel spreads new connections across the workers. (With one shared
socket, each worker's loop accepts every waiting connection at once: behind 32 keep-alive
connections one worker often took them all and the other idled; bench/README.md.)

A worker that dies is replaced; SIGINT or SIGTERM stops them all. uvicorn reads
FORWARDED_ALLOW_IPS itself: peers whose X-Forwarded-For names the client (login throttling).
"""

import logging
import multiprocessing
import signal
import socket
import threading

import uvicorn
from uvicorn.config import STARTUP_FAILURE

BACKLOG = 2048
log = logging.getLogger("aether.serve")


def serve(host, port, workers, log_level):
    config = uvicorn.Config("api.app:app", host=host, port=port, log_level=log_level, access_log=False)
    if workers == 1:
        run_worker(config)
    else:
        Supervisor(config, workers).run()


def listening_socket(host, port):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    # Accepted connections inherit it: without it, each keep-alive response waited ~40 ms on
    # delayed ACKs (bench/README.md).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    return sock


def run_worker(config):
    uvicorn.Server(config).run(sockets=[listening_socket(config.host, config.port)])


class Supervisor:
    def __init__(self, config, workers):
        self.config = config
        self.workers = workers
        self.context = multiprocessing.get_context("spawn")
        self.processes = []
        self.stopping = threading.Event()

    def run(self):
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: self.stopping.set())
        self.processes = [self.start() for _ in range(self.workers)]
        while not self.stopping.wait(0.5):
            self.processes = [process if process.is_alive() else self.replace(process) for process in self.processes]
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.join()

    def start(self):
        process = self.context.Process(target=run_worker, args=(self.config,), daemon=False)
        process.start()
        return process

    def replace(self, process):
        if process.exitcode == STARTUP_FAILURE:  # the app or the socket is broken: a new one fails too
            log.error("worker %s could not start; stopping", process.pid)
            self.stopping.set()
            return process
        log.warning("worker %s exited with %s; starting another", process.pid, process.exitcode)
        return self.start()
