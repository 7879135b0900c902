import dragoman

EXPECTED = {
    "Actor", "Article", "Cleaned", "Coded", "Config", "DictionaryError", "DragomanError", "EmptyInput", "Event",
    "EventDate", "Failure", "IngestReport", "InputError", "MalformedInput", "ModelError", "Pipeline", "Removal",
    "SourceNotFound", "Store", "StoreError", "UnreadableInput", "UsageError", "__version__", "code_paths",
    "code_text", "ingest_paths", "query_events",
}


def test_all_is_exactly_the_public_api():
    assert set(dragoman.__all__) == EXPECTED


def test_every_public_name_exists():
    for name in dragoman.__all__:
        assert getattr(dragoman, name) is not None, name


def test_every_error_derives_from_the_root():
    for name in dragoman.__all__:
        obj = getattr(dragoman, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, dragoman.DragomanError), name
