"""spark-submit's entry: ``spark-submit ... dragoman/spark/__main__.py INPUT... --output DIR``, the arguments of
``dragoman spark``."""

import sys

from dragoman.cli import main

if __name__ == "__main__":
    sys.exit(main(["spark", *sys.argv[1:]]))
