"""The MSL inquiry backlog: themes, duplicates and trends (pure logic over embeddings)."""
