"""Place data: see NOTICE.md for sources and licences."""
