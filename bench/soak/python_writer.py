"""Child process of the soak: writes a run every --every-ms the way runner.py 7.x does.

Python's built-in sqlite3 module, the file's rollback journal untouched, one transaction per
run: the executions row, then its metric rows, then commit. Prints each committed execution
id as a JSON line; stops when its stdin ends. SIGTERM keeps Python's default (die at once),
so a run in flight is rolled back by the journal, never half written.
"""
import json
import select
import sqlite3
import sys
import time
from datetime import datetime, timedelta

db_path, every_ms = sys.argv[1], int(sys.argv[2])
METRICS = ['execution_time_seconds', 'cpu_avg', 'cpu_max', 'memory_avg_mb', 'memory_max_mb', 'memory_min_mb',
           'user_time_seconds', 'system_time_seconds', 'num_threads', 'num_fds', 'read_bytes', 'write_bytes',
           'read_count', 'write_count', 'context_switches_voluntary', 'context_switches_involuntary',
           'page_faults_minor', 'page_faults_major', 'stdout_lines', 'stderr_lines', 'exit_code', 'success',
           'timed_out', 'attempt_number', 'cpu_percent_p50', 'cpu_percent_p95', 'memory_mb_p50', 'memory_mb_p95',
           'samples', 'io_wait_seconds']

conn = sqlite3.connect(db_path)  # runner.py's defaults: 5 s busy timeout, implicit transactions
n = 0
next_at = time.monotonic()
while True:
    # Paced by the clock, not by sleeps after each write, so the rate holds whatever a write costs.
    next_at += every_ms / 1000
    readable, _, _ = select.select([sys.stdin], [], [], max(0.0, next_at - time.monotonic()))
    if readable and not sys.stdin.readline():
        break
    n += 1
    start = datetime.now()
    seconds = 0.2 + (n % 10) / 100
    end = start + timedelta(seconds=seconds)
    try:
        cur = conn.cursor()
        cur.execute(
            'INSERT INTO executions (script_path, script_args, start_time, end_time, execution_time_seconds, '
            'exit_code, success, attempt_number, timeout_seconds, timed_out, stdout_lines, stderr_lines, '
            'python_version, platform) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            ('jobs/soak_python.py', '[]', start.isoformat(), end.isoformat(), seconds, 0, True, 1, None, False,
             3, 0, sys.version.split()[0], sys.platform))
        execution_id = cur.lastrowid
        cur.executemany('INSERT INTO metrics (execution_id, metric_name, metric_value) VALUES (?, ?, ?)',
                        [(execution_id, name, seconds if name == 'execution_time_seconds' else float(n % 97))
                         for name in METRICS])
        conn.commit()
        print(json.dumps({'id': execution_id}), flush=True)
    except sqlite3.Error as err:
        conn.rollback()
        print(json.dumps({'error': str(err)}), flush=True)
conn.close()
