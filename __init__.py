"""zhepai: a GraphQL API over the knowledge graph of Zhejiang's 浙派工匠 occupations.

The repository root is this package (pyproject.toml maps it): ``schema/`` serves GraphQL,
``domain/`` holds the rules, ``graph/`` the store, ``loaders/`` the seeds and imports,
``web/`` the HTTP concerns around ``server.py``.
"""
