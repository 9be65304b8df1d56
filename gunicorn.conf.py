"""Production web server settings (`gunicorn -c gunicorn.conf.py tipline.wsgi`).

Sync workers: the submission path is CPU-bound Python plus one short SQL statement, which sync
workers serve fastest here (see docs/performance.md). Each worker holds one persistent database
connection, so workers × instances must stay well under PostgreSQL's max_connections.
"""

import multiprocessing
import os

bind = os.environ.get("TIPLINE_BIND", "127.0.0.1:8000")
# Two per core: while one worker waits for its commit to reach the disk, another computes.
workers = int(os.environ.get("TIPLINE_WEB_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
backlog = 2048
timeout = 30
graceful_timeout = 20
max_requests = 20000
max_requests_jitter = 2000
# No access log: its lines would carry client addresses and user agents. Errors go to stderr
# without request details (Django's logging filter strips them before they get here).
accesslog = None
errorlog = "-"
loglevel = "warning"
forwarded_allow_ips = os.environ.get("TIPLINE_FORWARDED_ALLOW_IPS", "127.0.0.1")
