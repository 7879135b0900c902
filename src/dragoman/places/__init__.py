"""Where: place names in text resolved against an offline GeoNames gazetteer, and each event's location."""

from .countries import Country, country_info

__all__ = ["Country", "country_info"]
