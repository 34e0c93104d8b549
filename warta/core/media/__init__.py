"""Uploaded files: where images and documents are stored and who may fetch them, the hardened
image upload form, and images drawn locally with Pillow."""
