"""Gold questions, metrics, and the runners that write reports."""
