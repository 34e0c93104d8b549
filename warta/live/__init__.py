"""Live coverage (issue 24): the live story, a story type whose posts arrive while readers
watch, and the one cacheable updates address every reader polls."""
