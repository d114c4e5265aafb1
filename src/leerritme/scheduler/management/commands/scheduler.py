import logging
import os
import signal
import socket
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from leerritme.scheduler.registry import registered_due_work
from leerritme.scheduler.services import scheduler_tick

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the scheduler: every interval it claims the due work of every part (reminders, digests, ...) and "
        "enqueues it on the task worker. Several may run at once; each slot is claimed only once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one tick, then stop.")
        parser.add_argument("--interval", type=float, default=30, help="Seconds between ticks (default 30).")

    def handle(self, *args, once, interval, **options):
        if interval <= 0:
            interval = 30
        worker_id = f"{socket.gethostname()}:{os.getpid()}"
        stop = threading.Event()
        previous = {}
        if not once and threading.current_thread() is threading.main_thread():
            def request_stop(signum, frame):
                stop.set()

            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, request_stop)
        verbose = options.get("verbosity", 1) >= 1
        if verbose and not once:
            names = ", ".join(work.name for work in registered_due_work()) or "-"
            self.stdout.write(f"Scheduler {worker_id} started (every {interval:g} s): {names}")
        try:
            while not stop.is_set():
                self.tick(worker_id, verbose)
                if once:
                    break
                stop.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if verbose and not once:
            self.stdout.write(f"Scheduler {worker_id} stopped")

    def tick(self, worker_id: str, verbose: bool) -> None:
        # A long-running process: drop connections the database closed in the meantime.
        close_old_connections()
        try:
            claimed = scheduler_tick(worker_id=worker_id)
        except Exception:
            # A locked or unreachable database must not end the scheduler: try again next tick.
            logger.exception("Scheduler tick failed")
            self.stderr.write("Scheduler tick failed; trying again at the next tick.")
            return
        finally:
            close_old_connections()
        if claimed and verbose:
            now = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
            self.stdout.write(f"{now} claimed {', '.join(claimed)}")
