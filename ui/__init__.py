"""User-facing adapters over the assistant API: the ``newsqa`` CLI and the Gradio app.

Nothing heavy is imported here, so ``newsqa --help`` stays instant.
"""
