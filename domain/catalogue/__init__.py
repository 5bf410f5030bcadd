"""The catalogue as the API serves it: its top tiers kept in memory (``service.py``),
occupation search (``search.py``) and the data-quality findings (``findings.py``)."""
