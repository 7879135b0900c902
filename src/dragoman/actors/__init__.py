"""The actors stage: who is named in an article, and who a noun phrase stands for."""

from .dictionary import Dictionary, Entry, load_dictionary
from .resolve import ActorFinder, DocActors, Mention

__all__ = ["ActorFinder", "Dictionary", "DocActors", "Entry", "Mention", "load_dictionary"]
