"""Parts of bench/cluster.py, each also runnable on its own."""
