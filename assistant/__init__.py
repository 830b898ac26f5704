"""Question -> retrieved clauses -> cited answer."""
