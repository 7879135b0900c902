import pytest

from dragoman.events import codes, lookup
from dragoman.exceptions import DictionaryError


def test_all_cameo_codes_are_loaded_with_their_roots():
    table = codes()
    assert len(table) == 312
    assert {c.root for c in table.values()} == {f"{i:02d}" for i in range(1, 21)}
    assert all(code.startswith(c.root) for code, c in table.items())


@pytest.mark.parametrize("root,quad", [("01", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3),
                                       ("14", 4), ("20", 4)])
def test_quad_classes_follow_the_plover_manual(root, quad):
    assert lookup(root).quad_class == quad


def test_goldstein_values_are_the_icews_ones():
    # ICEWS and GDELT differ on 016, 022, 164 and 165; we use ICEWS.
    assert lookup("016").goldstein == -5.0
    assert lookup("164").goldstein == -6.5
    assert lookup("161").goldstein == -4.0


def test_plover_types_come_from_the_2021_mapping_and_fill_the_appeals():
    assert lookup("161").plover_type == "SANCTION"
    assert lookup("174").plover_type == "COERCE"
    assert lookup("174").plover_mode == "deport"
    assert lookup("0253").plover_type == "REQUEST"
    assert lookup("010").plover_type is None


def test_an_unknown_code_is_a_dictionary_error():
    with pytest.raises(DictionaryError, match="999"):
        lookup("999")


def test_where_the_2021_table_contradicts_the_plover_manual_the_manual_wins():
    assert lookup("0813").plover_type == lookup("0814").plover_type == "CONCEDE"  # "removing curfews"
    assert lookup("0841").plover_type == "RETREAT"
    assert (lookup("163").plover_type, lookup("163").plover_mode) == ("SANCTION", "discontinue")
    assert (lookup("0831").plover_type, lookup("0831").plover_mode) == ("RETREAT", "resign")
