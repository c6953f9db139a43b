/** The history file the recorder writes when none is given, in the working directory (as runner.py). */
export const DEFAULT_HISTORY_FILE = 'script_runner_history.db';
