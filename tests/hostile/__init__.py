"""Hostile-input tests: prompt injection, malicious or malformed files, fuzzed parsers."""
