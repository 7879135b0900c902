"""Where: place names in text resolved against an offline GeoNames gazetteer, and each event's location."""

from .countries import Country, country_info, outlet_country
from .gazetteer import Gazetteer, load_gazetteer
from .locate import dateline_place, locate_events
from .mentions import actor_countries, find_places, people

__all__ = ["Country", "Gazetteer", "actor_countries", "country_info", "dateline_place", "find_places",
           "load_gazetteer", "locate_events", "outlet_country", "people"]
