"""Actors as news writes them: people the dictionaries don't know, commentators who are no actor, armed groups named
only by their role, and several countries in one subject."""

from __future__ import annotations

import pytest

from dragoman.actors.dictionary import family_first, surname


def coded(pipeline, text, published="2024-03-01"):
    return [(e.source.key, e.source.sector, e.target.key if e.target else None, e.cameo[:2])
            for e in pipeline.code_text(text, published=published)]


def actor_of(pipeline, text, word, published="2024-03-01"):
    doc = pipeline.nlp(text)
    found = pipeline.find_actors(doc, published)
    return found.actor_for([t for t in doc if t.text == word][-1])


# --- people the dictionaries don't know ----------------------------------------------------------------------

@pytest.mark.parametrize("text, word, key, sector", [
    ("Peru's congress met on Monday. Maria Quispe, a senior opposition politician, accused the government of fraud.",
     "Quispe", "PER", "OPP"),
    ("The Chilean senate voted on Monday. The head of the senate, Jorge Soto, condemned the strike.",
     "Soto", "CHL", "LEG"),
])
def test_a_person_takes_the_role_an_apposition_gives(pipeline, text, word, key, sector) -> None:
    actor = actor_of(pipeline, text, word)
    assert (actor.key, actor.sector) == (key, sector)
    assert "described as" in actor.why or "apposition" in actor.why


def test_a_family_name_after_a_described_person(pipeline) -> None:
    text = ("Park Min-jun, a spokesman for the South Korean foreign ministry, met the Japanese ambassador. "
            "On Tuesday Park criticised Japan.")
    assert ("KOR", "GOV", "JPN", "11") in coded(pipeline, text)


def test_a_described_person_keeps_the_role_when_named_again(pipeline) -> None:
    text = ("Peru's congress met on Monday. Maria Quispe, a senior opposition politician, criticised the vote. "
            "On Tuesday Quispe accused the government of fraud.")
    assert ("PER", "OPP", "PER", "11") in coded(pipeline, text)


@pytest.mark.parametrize("name, first, short", [
    ("Moon Jae-in", True, "Moon"),
    ("Park Soo-hyun", True, "Park"),
    ("Jean-Luc Picard", False, "Picard"),
    ("Ferdinand Marcos Jr.", False, "Marcos"),
    ("Anne-Marie Smith-Jones", False, "Smith-Jones"),
])
def test_a_family_name_written_first_is_the_short_name(name, first, short) -> None:
    assert family_first(name) is first
    assert surname(name) == short


def test_a_bare_family_name_after_a_listed_leader(pipeline) -> None:
    text = ("North Korean leader Kim Jong Un spoke on Monday. On Tuesday Kim criticised South Korea.")
    assert ("PRK", "GOV", "KOR", "11") in coded(pipeline, text, "2018-01-02")


def test_he_is_the_subject_of_the_last_sentence_naming_a_person(pipeline) -> None:
    text = ("Peruvian President Dina Boluarte met Maria Quispe on Monday. Quispe said the meeting went well. "
            "She later accused the government of lying.")
    actor = actor_of(pipeline, text, "She")
    assert actor.name == "Maria Quispe"


def test_he_is_not_the_object_named_after_the_subject(pipeline) -> None:
    text = "Colombian President Gustavo Petro thanked Jorge Soto on Monday. He then criticised Venezuela."
    assert ("COL", "GOV", "VEN", "11") in coded(pipeline, text, "2024-03-01")


def test_a_person_inside_a_building_name_is_not_a_new_person(pipeline) -> None:
    text = "Protesters marched on Trump Tower in New York on Wednesday against Donald Trump."
    assert all(t.kind != "person" or "Tower" not in t.actor.text
               for t in pipeline.find_actors(pipeline.nlp(text), "2016-11-10").mentions)


# --- commentators and others outside politics -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "John Smith, an analyst at a Washington think tank, said the United States would condemn Iran.",
    "Jane Miller, a senior fellow at a London institute, criticised Iran on Monday.",
    "Analysts criticised Iran's nuclear plans on Monday.",
    "Professor Jane Miller criticised Iran's nuclear plans.",
    "Forecasters urged residents to avoid travel on Monday.",
    "The airline accused the union of sabotage.",
])
def test_commentators_and_people_outside_politics_are_no_source(pipeline, text) -> None:
    assert all(source is None or source in ("USA",) for source, *_ in coded(pipeline, text)) \
        and not any(sector for _, sector, *_ in coded(pipeline, text) if sector in ("EDU", "BUS"))
    assert not [e for e in pipeline.code_text(text, published="2024-03-01")
                if e.source.text.split()[0] in ("John", "Jane", "Analysts", "Professor", "Forecasters", "The")]


# --- armed groups named only by role ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, key, sector", [
    ("Gunmen attacked a police station in northern Nigeria on Sunday, killing four officers.", "NGA", "UAF"),
    ("Insurgents bombed the Turkish consulate in Mazar-i-Sharif, Afghanistan.", "AFG", "REB"),
    ("Militants kidnapped three aid workers in Mali.", "MLI", "REB"),
    ("Kidnappers seized two engineers in the Niger Delta in Nigeria.", "NGA", "CRM"),
])
def test_an_armed_group_named_by_its_role_is_of_where_it_acts(pipeline, text, key, sector) -> None:
    sources = {(source, s) for source, s, *_ in coded(pipeline, text)}
    assert (key, sector) in sources


# --- several actors in one subject ------------------------------------------------------------------------------

def test_a_list_of_countries_as_subject_gives_one_event_each(pipeline) -> None:
    events = coded(pipeline, "Kenya, Uganda, Tanzania and Rwanda recalled their envoys from Burundi.")
    assert sorted(s for s, *_ in events) == ["KEN", "RWA", "TZA", "UGA"]
    assert {t for _, _, t, _ in events} == {"BDI"}


def test_the_gulf_states_are_the_gcc(pipeline) -> None:
    assert ("GCC", None, "IRN", "11") in coded(pipeline, "The Gulf states condemned Iran's missile test.")


def test_the_four_countries_are_the_list_named_before(pipeline) -> None:
    text = ("Kenya, Uganda, Tanzania and Rwanda met in Arusha on Monday. "
            "The four countries condemned Burundi's decision.")
    assert len([e for e in coded(pipeline, text) if e[3] == "11"]) == 4


@pytest.mark.parametrize("text, sources", [
    ("Chile, Peru and Bolivia signed a water accord in Lima. On Friday the three nations condemned Argentina's "
     "new dam.", ["BOL", "CHL", "PER"]),
    ("Norway and Sweden held talks on Monday. Denmark, Finland, Iceland and Estonia joined them. "
     "The four countries condemned Russia's drills.", ["DNK", "EST", "FIN", "ISL"]),
    ("Saudi Arabia, Bahrain and Kuwait recalled their ambassadors from Lebanon on Monday. "
     "The Gulf states accused Lebanon of hostility.", ["BHR", "KWT", "SAU"]),
    ("Egypt and Jordan met on Monday. Six Arab nations criticised Israel's settlement plan.", ["LAS"]),
])
def test_a_group_noun_is_the_list_of_that_size_named_before(pipeline, text, sources) -> None:
    found = sorted({s for s, _, t, root in coded(pipeline, text) if root in ("11", "12") and t in ("ARG", "RUS",
                                                                                                  "LBN", "ISR")})
    assert found == sources


def test_they_after_a_list_of_countries_is_the_list(pipeline) -> None:
    text = ("Kenya, Uganda and Tanzania closed their borders with Burundi on Monday. "
            "They accused Burundi of harbouring rebels.")
    assert sorted(s for s, _, t, root in coded(pipeline, text) if root == "11" or root == "12") \
        == ["KEN", "TZA", "UGA"]


@pytest.mark.parametrize("text", [
    "Western governments condemned the coup in Niger on Monday.",
    "France and Germany met on Monday. Other countries condemned the coup in Niger.",
])
def test_a_group_noun_with_no_list_or_body_is_no_actor(pipeline, text) -> None:
    assert not [e for e in coded(pipeline, text) if e[3] == "11" and e[0] not in ("NER",)]


# --- parties ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, word, key, sector", [
    ("Tory MP Jane Hartley criticised the plan on Monday.", "Hartley", "GBR", "LEG"),
    ("Labour's Mr Ferris attacked the budget on Monday.", "Ferris", "GBR", "PTY"),
    ("The Republican candidate accused Mexico of unfair trade.", "candidate", "USA", "PTY"),
    ("Meretz accused the government of neglect.", "Meretz", "ISR", "PTY"),
    ("The SPD criticised the chancellor on Tuesday.", "SPD", "DEU", "PTY"),
    ("Democratic senator Tom Barrow criticised China on Monday.", "Barrow", "USA", "LEG"),
])
def test_a_party_gives_its_country(pipeline, text, word, key, sector) -> None:
    actor = actor_of(pipeline, text, word)
    assert (actor.key, actor.sector) == (key, sector)
    assert actor.why


@pytest.mark.parametrize("text", [
    "Iraq's Republican Guard attacked Kurdish positions.",
    "The Social Democratic Party of Sweden criticised the budget.",
])
def test_a_party_word_inside_another_name_is_not_the_party(pipeline, text) -> None:
    assert "USA" not in {s for s, *_ in coded(pipeline, text)}


# --- news organisations and other bodies the dictionaries don't know ----------------------------------------

@pytest.mark.parametrize("text", [
    "NPR's Ann Weller talks to a reporter about the attack in Kabul.",
    "CNN's Tom Hale asked the minister about the strikes on Syria.",
    "Reuters correspondent Omar Haddad reported that Israel had struck Gaza.",
    "Volkswagen accused the French government of delaying the deal.",
    "The law firm Harlow & Finch denied helping Russian officials hide money.",
])
def test_news_organisations_and_unknown_companies_are_no_source(pipeline, text) -> None:
    assert all(source is not None and source not in ("None",) for source, *_ in coded(pipeline, text)) \
        or not coded(pipeline, text)
    assert not [e for e in coded(pipeline, text) if e[0] is None]


# --- an unlisted person's country: the sentence's before the article's ------------------------------------------

@pytest.mark.parametrize("text, word, key", [
    ("France praised the talks. Paris said it would help. French officials were pleased. "
     "Ugandan President Yoweri Museveni and opposition leader Kato Mbabazi met in Kampala.", "Mbabazi", "UGA"),
    ("France praised the talks. Paris said it would help. French officials were pleased. "
     "In Kenya, opposition leader Joseph Otieno accused the police of brutality.", "Otieno", "KEN"),
    ("France praised the talks. Paris said it would help. French officials were pleased. "
     "Leila Haddad, a senior opposition politician in Tunisia, accused the police of brutality.", "Haddad", "TUN"),
    ("Peru's congress met on Monday. Lima was calm. Police chief Jorge Soto criticised the strike.", "Soto", "PER"),
])
def test_an_unlisted_persons_country_is_the_one_the_sentence_names_first(pipeline, text, word, key) -> None:
    actor = actor_of(pipeline, text, word)
    assert actor.key == key and actor.why


# --- where an attack struck ---------------------------------------------------------------------------------------

def test_victims_of_an_attack_abroad_are_of_where_it_struck(pipeline) -> None:
    text = ("Two Moroccans were among the dead. A Moroccan-born man drove a van into a crowd in the Spanish city of "
            "Valencia on Sunday, killing nine people, Moroccan officials said. Morocco's foreign ministry said two "
            "Moroccan women were hurt.")
    assert any(t == "ESP" and root == "18" for _, _, t, root in coded(pipeline, text))


def test_a_leaders_surname_the_model_takes_for_a_body_is_the_leader(pipeline):
    # the model tags this "Trump" as an organisation; the office-holder list knows the surname
    doc = pipeline.nlp("Trump has now suspended military aid to Pakistan.")
    assert doc[0].ent_type_ == "ORG"
    [event] = pipeline.code_text("Trump has now suspended military aid to Pakistan.", published="2019-01-10")
    assert (event.source.key, event.source.sector, event.target.key) == ("USA", "GOV", "PAK")
    assert "Donald Trump" == event.source.name


# --- "they", "them" and role nouns an earlier phrase places ----------------------------------------------------

def they_of(pipeline, text, published="2024-03-01"):
    doc = pipeline.nlp(text)
    found = pipeline.find_actors(doc, published)
    return [(a.key, a.sector) for a in found.actors_for([t for t in doc if t.lower_ == "they"][-1])]


def test_they_after_a_list_of_described_people_is_those_people(pipeline) -> None:
    text = ("Tomas Varga, Ilona Bede and Peter Kolar, the three opposition leaders, said the vote was rigged. "
            "They demanded a new count.")
    assert len(they_of(pipeline, text)) == 3


def test_a_plural_apposition_describes_every_name_of_the_list(pipeline) -> None:
    text = "Hungary voted on Sunday. Tomas Varga, Ilona Bede and Peter Kolar, the three opposition leaders, met."
    assert actor_of(pipeline, text, "Bede").sector == "OPP"


def test_they_in_a_when_clause_is_the_plural_subject_it_depends_on(pipeline) -> None:
    text = "Rebels killed four Malian soldiers when they attacked a patrol near Gao on Monday."
    assert they_of(pipeline, text) == [(None, "REB")]


def test_them_is_the_plural_object_of_the_verb_before(pipeline) -> None:
    text = "A Turkish patrol boat stopped two Greek fishing boats and searched them for an hour."
    doc = pipeline.nlp(text)
    found = pipeline.find_actors(doc, "2024-03-01")
    assert found.actor_for([t for t in doc if t.text == "them"][0]).key == "GRC"


def test_a_state_body_named_again_without_its_country_keeps_it(pipeline) -> None:
    text = ("Manila protested after the Chinese coast guard blocked a supply mission. On Sunday a coast guard "
            "vessel rammed a Philippine boat.")
    assert actor_of(pipeline, text, "vessel").key == "CHN"


def test_schoolchildren_are_a_role(pipeline) -> None:
    text = "Gunmen abducted 40 pupils from a school in Kaduna on Friday."
    assert any(t == "NGA" and r == "18" for _, _, t, r in coded(pipeline, text))


# --- "it" for a state or body -------------------------------------------------------------------------------------

def test_it_as_a_subject_is_the_state_named_before(pipeline) -> None:
    text = ("Panama has faced heavy criticism since the leak. Last month it signed tax agreements with Japan and "
            "Canada.")
    dyads = {(s, t, root) for s, _, t, root in coded(pipeline, text)}
    assert {("PAN", "JPN", "05"), ("PAN", "CAN", "05")} <= dyads


def test_an_impersonal_it_is_no_one(pipeline) -> None:
    events = pipeline.code_text("Chile named a new envoy. It emerged on Monday that Bolivia had expelled two Chilean "
                                "diplomats.", published="2025-03-10")
    assert all(e.source.text != "It" for e in events)


def test_the_north_is_the_country_last_named_north(pipeline) -> None:
    text = ("North Korea fired a missile on Monday. South Korea's president said the North's actions damaged peace "
            "on the peninsula. Officials met in the South China Sea region.")
    assert ("KOR", "GOV", "PRK", "11") in coded(pipeline, text)
    assert actor_of(pipeline, "Officials in the South China Sea met.", "South") is None


def test_a_nationality_in_a_quoted_label_is_no_actor(pipeline) -> None:
    text = 'Police in Ohio arrested a man over the "Nigerian prince" scheme on Monday.'
    assert actor_of(pipeline, text, "Nigerian") is None
    assert actor_of(pipeline, "Nigerian police arrested a man on Monday.", "Nigerian").country == "NGA"
