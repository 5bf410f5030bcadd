"""The catalogue as the API serves it: its top tiers kept in memory (``catalogue/service.py``)."""
