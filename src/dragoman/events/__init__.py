"""The events stage: CAMEO codes from verb patterns over the dependency parse."""

from .coder import Coder
from .decision import Decision
from .ontology import Code, codes, lookup
from .patterns import Pattern, PatternSet, load_patterns

__all__ = ["Code", "Coder", "Decision", "Pattern", "PatternSet", "codes", "load_patterns", "lookup"]
