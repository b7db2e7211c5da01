"""Versioned prompt files (``prompts/<id>/v<version>.md``) and their loader."""

from prompts.loader import (
    PromptError,
    PromptFile,
    PromptInput,
    RenderedPrompt,
    escape_data,
    list_prompts,
    load_prompt,
    render,
)

__all__ = [
    "PromptError",
    "PromptFile",
    "PromptInput",
    "RenderedPrompt",
    "escape_data",
    "list_prompts",
    "load_prompt",
    "render",
]
