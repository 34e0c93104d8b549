"""What is particular to Indonesia: dates and times as readers expect them (WIB, WITA, WIT),
the 38 provinces, and Indonesian text for search and related stories (stemming, stop words)."""
