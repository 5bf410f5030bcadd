"""The rules, in plain Python: one package per domain, named like its schema/ and graph/
counterparts."""
