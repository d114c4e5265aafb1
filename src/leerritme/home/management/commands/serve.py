import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leerritme.home.checks import secret_key_missing


class Command(BaseCommand):
    help = "Serve Leerritme over HTTP and WebSockets with uvicorn (ASGI)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        parser.add_argument("--workers", type=int, default=1,
                            help="Number of web processes (default 1; use several in production).")
        parser.add_argument("--reload", action="store_true", help="Restart on code changes (development).")

    def handle(self, *args, host, port, workers, reload, **options):
        if secret_key_missing():
            raise CommandError("SECRET_KEY must be set when DEBUG is off (see .env.example).")
        uvicorn.run(
            "leerritme.asgi:application",
            host=host,
            port=port,
            workers=None if reload else workers,
            reload=reload,
            proxy_headers=settings.SECURE_PROXY_SSL_HEADER is not None,
            forwarded_allow_ips="*" if settings.SECURE_PROXY_SSL_HEADER else None,
            log_level="info",
            lifespan="off",
        )
