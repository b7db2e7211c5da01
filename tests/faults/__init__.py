"""Fault tests: real dependencies (Chroma server, PostgreSQL, an OpenAI-protocol server, a small
filesystem, processes) failing at the worst moment, and what the user and the data see after."""
