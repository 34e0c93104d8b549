"""Operating a running network: backups and restores, the worker's periodic jobs, progress bars
for commands, logging filters."""
