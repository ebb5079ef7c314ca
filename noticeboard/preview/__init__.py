"""Layer 7 — preview: ``serve`` watches the sources, rebuilds on save and reloads the browser.
It is handed the rebuild to call, so it knows nothing of the pipeline.
"""
