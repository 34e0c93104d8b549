"""Operating a running network: backups and restores, the worker's periodic jobs, the shipped
nginx configuration with a machine's ports and paths (importable without Django settings),
progress bars for commands, logging filters."""
