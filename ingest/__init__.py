"""Raw circulars -> clean text -> documents -> clauses -> stores."""
