"""The demo network: generated stories (written for the project, fictional people) on a
national site and regional sites, built from the apps' own factories."""
