"""Readers: files in, model values and problems out."""
