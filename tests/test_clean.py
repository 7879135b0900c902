"""The cleaner: what it removes, what it keeps, and that it never shifts an offset."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dragoman.clean import builtin_rules, clean, explain_cleaning, headed, load_rules
from dragoman.exceptions import DictionaryError
from dragoman.model import Article, Cleaned

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "nato-mission.txt"

BODY = "The foreign ministry summoned the ambassador over the border incident."


def cleaned(text: str, title: str | None = None) -> Cleaned:
    return clean(Article(id="t", text=text, title=title))


def removed(c: Cleaned) -> list[tuple[str, str]]:
    return [(r.rule, r.text.strip()) for r in c.removals]


def lines(c: Cleaned) -> list[str]:
    return [line.strip() for line in c.text.split("\n") if line.strip()]


def assert_faithful(c: Cleaned) -> None:
    """Same length, same line breaks, every removal blank in the cleaned text and verbatim in the article."""
    assert len(c.text) == len(c.article.text)
    newlines = [i for i, ch in enumerate(c.article.text) if ch == "\n"]
    assert [i for i, ch in enumerate(c.text) if ch == "\n"] == newlines
    for r in c.removals:
        start, end = r.span
        assert c.article.text[start:end] == r.text
        assert c.text[start:end].strip() == ""


# --- normalisation and length ---------------------------------------------------------------------------------

def test_normalising_swaps_one_character_for_one() -> None:
    text = "\u201cWe will not retreat,\u201d the general\u2019s aide\u00a0said.\n\u2022 Troops\u2009moved\tnorth."
    c = cleaned(text)
    assert c.text == "\"We will not retreat,\" the general's aide said.\n  Troops moved north."
    assert_faithful(c)


def test_offsets_in_the_cleaned_text_are_offsets_in_the_article() -> None:
    text = "Share this article\n\nWASHINGTON (AP) \u2014 The \u201csenator\u201d voted.\nRead more: budget row\n"
    c = cleaned(text)
    assert_faithful(c)
    start = c.text.index("voted")
    assert text[start:start + 5] == "voted"


def test_windows_line_endings_survive() -> None:
    c = cleaned("Advertisement\r\n" + BODY + "\r\n")
    assert c.text == " " * len("Advertisement") + "\r\n" + BODY + "\r\n"
    assert_faithful(c)


# --- repeated title --------------------------------------------------------------------------------------------

def test_title_repeated_with_other_dashes_case_and_spacing_is_removed() -> None:
    title = "Border talks fail - Ministers walk out - World"
    text = f"Border talks fail - Ministers walk out - World\n\nBORDER TALKS FAIL \u2014 Ministers walk  out \u2013 World\n\n{BODY}"
    c = cleaned(text, title)
    assert removed(c) == [("repeated-title", "BORDER TALKS FAIL \u2014 Ministers walk  out \u2013 World")]
    assert lines(c) == [title, BODY]  # the first copy stays: it is the headline, whose act the coder reads
    assert_faithful(c)


def test_the_headline_opening_the_text_stays_and_a_later_copy_goes() -> None:
    title = "Border talks fail"
    c = cleaned(f"{title}\n{BODY}\n{title}\n", title)
    assert lines(c) == [title, BODY]
    assert [r.rule for r in c.removals] == ["repeated-title"] and c.removals[0].span[0] > len(title)


def test_second_copy_of_the_first_line_is_removed_without_a_title() -> None:
    text = f"Port strike spreads - Europe\n\nPort strike spreads \u2013 Europe\n\n{BODY}"
    c = cleaned(text)
    assert [r.rule for r in c.removals] == ["repeated-title"]
    assert c.removals[0].span[0] == text.index("Port strike spreads \u2013")
    assert lines(c) == ["Port strike spreads - Europe", BODY]  # the first copy stays: it is the headline


def test_a_line_that_only_resembles_the_title_stays() -> None:
    c = cleaned(f"Border talks fail as ministers walk out\n\n{BODY}", "Border talks fail")
    assert c.removals == ()


# --- date line -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["March 4, 2023", "4 March 2023", "Updated: Saturday, March 4, 2023 10:45 GMT",
                                  "2023-03-04", "SATURDAY, MARCH 4, 2023"])
def test_a_date_alone_on_a_line_at_the_top_is_removed(line: str) -> None:
    c = cleaned(f"{line}\n\n{BODY}")
    assert [r.rule for r in c.removals] == ["date-line"]
    assert lines(c) == [BODY]


def test_a_date_line_below_the_story_start_stays() -> None:
    text = f"{BODY}\n\nThe envoy left the next morning.\n\nMarch 4, 2023\n"
    assert cleaned(text).removals == ()


def test_a_top_line_with_a_date_and_words_stays() -> None:
    assert cleaned(f"March 4, 2023 was the day the strike began.\n\n{BODY}").removals == ()


# --- teasers, share, subscribe, cookie and advert lines ------------------------------------------------------

@pytest.mark.parametrize("rule, line", [
    ("teaser", "See also: Drought threatens the harvest"),
    ("teaser", "Read more \u00bb Port workers vote to strike"),
    ("teaser", "Read also Opposition leader detained"),
    ("teaser", "Also read: How the ceasefire collapsed"),
    ("teaser", "Related: Talks in Geneva end without a deal"),
    ("teaser", "Related articles"),
    ("teaser", "More: Election results by region"),
    ("teaser", "See also  Drought threatens the harvest"),
    ("prompt", "Click here to watch the full briefing"),
    ("share", "Share this article"),
    ("share", "Share on Facebook"),
    ("share", "Follow us on Twitter"),
    ("subscribe", "Subscribe to our newsletter"),
    ("subscribe", "Sign up for our morning briefing"),
    ("cookie", "We use cookies to improve your experience on our site."),
    ("cookie", "Accept cookies"),
    ("advert", "Advertisement"),
])
def test_furniture_lines_are_removed(rule: str, line: str) -> None:
    text = f"{BODY}\n\n{line}\n\nThe ambassador was given a formal protest note."
    c = cleaned(text)
    assert removed(c) == [(rule, line)]
    assert lines(c) == [BODY, "The ambassador was given a formal protest note."]
    assert_faithful(c)


@pytest.mark.parametrize("sentence", [
    "The inspector said the report, see also the annex, shows two breaches of the truce.",
    "More than forty people were hurt when police broke up the march.",
    "Shares in the state oil firm fell sharply after the sanctions were announced.",
    "Related talks in Vienna are expected to resume next month.",
    "Subscribers to the state channel heard a different account of the raid.",
    "Read more carefully, the statement hints at a withdrawal of troops.",
    "Follow-up talks are planned for the spring.",
    "See also the annex, which lists the checkpoints.",
    # Long lines are prose even when they open with a phrase and a capital.
    "We use cookies as an example of the tracking the new privacy law would ban, the minister told parliament in a "
    "long speech on Tuesday that drew loud protests from the opposition benches, from several business groups and "
    "from two of the larger unions, who said the plan would cost jobs.",
    "See also Article 4 of the accord, the envoy said, which binds both sides to withdraw heavy weapons from the "
    "line of contact within thirty days.",
])
def test_sentences_that_merely_contain_the_words_stay(sentence: str) -> None:
    c = cleaned(f"{BODY}\n\n{sentence}")
    assert c.removals == ()
    assert lines(c) == [BODY, sentence]


# --- datelines -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("opening, place", [
    ("MOSCOW (Reuters) - ", "Moscow"),
    ("WASHINGTON -- ", "Washington"),
    ("BRUSSELS, May 3 (AP) \u2014 ", "Brussels"),
    ("KYIV, Ukraine (AP) \u2014 ", "Kyiv, Ukraine"),
    ("NEW YORK (Reuters) - ", "New York"),
    ("LAHORE: ", "Lahore"),
])
def test_a_wire_dateline_is_blanked_and_its_place_kept(opening: str, place: str) -> None:
    c = cleaned(opening + BODY)
    assert c.location == place
    assert [r.rule for r in c.removals] == ["dateline"]
    assert c.text.strip() == BODY  # the sentence itself stays
    assert c.text.index("The foreign") == len(opening)
    assert_faithful(c)


def test_a_dateline_opens_the_first_paragraph_after_the_title() -> None:
    title = "Ministry summons envoy"
    c = cleaned(f"Ministry summons envoy\n\nTBILISI (AFP) - {BODY}", title)
    assert c.location == "Tbilisi"
    assert [r.rule for r in c.removals] == ["dateline"]


def test_capitals_that_are_not_places_are_not_datelines() -> None:
    c = cleaned("NATO - The alliance said it would review the decision.")
    assert (c.location, c.removals) == (None, ())


@pytest.mark.parametrize("opening, place", [
    ("Mombasa, Kenya - ", "Mombasa, Kenya"),
    ("Bulawayo - ", "Bulawayo"),
    ("Ruritania City, Kenya \u2013 ", "Ruritania City, Kenya"),  # an unknown town in a known country
])
def test_a_dateline_in_title_case_needs_a_known_place(opening: str, place: str) -> None:
    rules = replace(builtin_rules(), places=frozenset({"mombasa", "bulawayo", "kenya"}))
    c = clean(Article(id="t", text=opening + BODY), rules)
    assert c.location == place
    assert c.text.strip() == BODY
    assert_faithful(c)


@pytest.mark.parametrize("text", [
    "Ruritania City - The foreign minister said talks would resume.",  # a place no one knows
    "Mombasa - based traders said prices rose.",  # not followed by a sentence's capital
])
def test_title_case_openings_that_are_not_known_datelines_stay(text: str) -> None:
    rules = replace(builtin_rules(), places=frozenset({"mombasa", "kenya"}))
    c = clean(Article(id="t", text=text), rules)
    assert (c.location, c.removals) == (None, ())


def test_a_dateline_deep_in_the_text_stays() -> None:
    text = f"{BODY}\n\nThe envoy left at dawn.\n\nMOSCOW (Reuters) - Quoted from an older wire story."
    c = cleaned(text, "Ministry summons envoy")
    assert (c.location, c.removals) == (None, ())


# --- the real page ---------------------------------------------------------------------------------------------

def read_sample() -> tuple[str, str, str]:
    """(title line, text after the title line, whole file)."""
    whole = SAMPLE.read_text(encoding="utf-8")
    title_line = whole.split("\n")[2]
    return title_line, whole[whole.index(title_line) + len(title_line):], whole


def test_nato_sample_loses_its_teaser_and_title_copy_and_keeps_every_paragraph() -> None:
    title, text, _ = read_sample()
    assert title == "After the members are excluded - Russia suspends its mission in NATO - News"
    c = cleaned(text, title)
    assert [r.rule for r in c.removals] == ["teaser"]  # the en-dash copy opening the text is its headline
    assert c.removals[0].text.startswith("See also")
    assert "Mexican border" not in c.text and c.text.count("excluded") == 1
    kept = lines(c)
    paragraphs = [p.strip().lstrip("\u2022").strip() for p in text.split("\n") if p.strip()]
    assert len(kept) == len(paragraphs) - 1
    for start in ("The Russian Foreign Minister", "Sergei Lavrov said", "NATO had alleged", "In response to",
                  "\"NATO is not interested", "Ten days ago", "NATO did not provide", "After the decision",
                  "At that time"):
        assert any(line.startswith(start) for line in kept), start
    assert_faithful(c)


def test_nato_page_with_its_date_line_and_both_title_copies() -> None:
    title, _, whole = read_sample()
    c = cleaned(whole, title)
    assert [r.rule for r in c.removals] == ["date-line", "repeated-title", "teaser"]
    assert lines(c)[0] == title and lines(c)[1].startswith("The Russian Foreign Minister")
    assert c.location is None
    assert_faithful(c)


# --- explaining and extending ----------------------------------------------------------------------------------

def test_explain_gives_one_readable_line_per_removal() -> None:
    text = f"{BODY}\n\nSee also: Mountain villages cut off by heavy snow after the storm\n"
    c = cleaned(text)
    start = text.index("See also")
    end = start + len("See also: Mountain villages cut off by heavy snow after the storm")
    assert explain_cleaning(c) == [
        f"teaser  [{start}:{end}]  'See also: Mountain villages cut off by\u2026'  (a link to another story)"]


def test_users_extend_the_phrases_with_their_own_yaml(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("lines:\n  teaser:\n    starts: [Lesen Sie auch]\n", encoding="utf-8")
    text = f"{BODY}\n\nLesen Sie auch: Streik im Hafen\n\nSee also: Drought"
    default = clean(Article(id="t", text=text))
    extended = clean(Article(id="t", text=text), load_rules([extra]))
    assert [r.text for r in default.removals] == ["See also: Drought"]
    assert [r.text for r in extended.removals] == ["Lesen Sie auch: Streik im Hafen", "See also: Drought"]


@pytest.mark.parametrize("content", ["lines: [unclosed", "normalise:\n  x: 'yy'\n", "- a list\n"])
def test_bad_rule_files_raise_dictionary_errors(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(DictionaryError):
        load_rules([bad])


@pytest.mark.parametrize("text, published, source", [
    ("KYIV, May 3, 2024 (Wire) - " + BODY, "2024-05-03", "dateline"),
    ("Posted: 14 March 2023 10:15\n\n" + BODY, "2023-03-14", "date line"),
    ("Tuesday, 4 June 2024\n\nHeadline of the day\n\nBRUSSELS (Wire) - " + BODY, "2024-06-04", "date line"),
    ("KYIV, May 3 (Wire) - " + BODY, None, None),  # no year: not enough to stand for the publication date
    ("KYIV (Wire) - " + BODY, None, None),
])
def test_a_full_date_at_the_top_is_the_publication_date(text: str, published: str | None,
                                                         source: str | None) -> None:
    c = cleaned(text)
    assert (c.published, c.published_source) == (published, source)
    assert_faithful(c)


def test_an_undated_article_takes_its_dateline_date_and_its_events_resolve_against_it(pipeline) -> None:
    coded = pipeline.code_article(Article(id="d", text="KYIV, May 3, 2024 (Wire) - Ukraine expelled two "
                                                       "Hungarian diplomats on Tuesday."))
    assert (coded.article.published, coded.article.published_source) == ("2024-05-03", "dateline")
    assert [(e.date.date, e.date.source) for e in coded.events] == [("2024-04-30", "on Tuesday")]


def test_with_no_date_anywhere_events_say_so(pipeline) -> None:
    coded = pipeline.code_article(Article(id="n", text="KYIV (Wire) - Ukraine expelled two Hungarian diplomats "
                                                       "on Tuesday."))
    assert coded.events and all((e.date.date, e.date.precision, e.date.source) == (None, None, "none")
                                for e in coded.events)


# --- captions, credits, players, stamps, bylines, repeats ------------------------------------------------------

@pytest.mark.parametrize("line", [
    "FILE PHOTO: The finance minister speaks to reporters in Lagos, Nigeria May 2, 2019. REUTERS/Jane Roe/File Photo",
    "Farmers block a road near the capital on Tuesday \u00a9Jean Dupont (AFP)",
    "Rescue workers search the rubble after the quake. (Photo: Regional Fire Service)",
    "Troops patrol the harbour during the drill. (Jane Roe/The Daily Courier)",
    "Delegates arrive for the summit (Jane Roe/dpa via AP, file) (Associated Press)",
    "Jane Roe/AFP/Getty Images",
    "Why did the ferry sink so fast? (file photo)",
    "Enlarge this image toggle caption Jane Roe/AFP/Getty Images Jane Roe/AFP/Getty Images",
    "Copyright 2019 The Daily Courier. All rights reserved.",
    "Photo", "Video", "Slideshow (12 Images)",
])
def test_captions_credits_and_media_labels_go_whole(line: str) -> None:
    c = cleaned(f"{line}\n{BODY}\n")
    assert lines(c) == [BODY]
    assert c.removals
    assert_faithful(c)


@pytest.mark.parametrize("inline, rule", [
    ("JUST WATCHED Ferry sinks off the coast Replay More Videos ... MUST WATCH Ferry sinks off the coast 02:14",
     "video-teaser"),
    ("Advertisement Continue reading the main story", "continue-reading"),
    ("Story continues below advertisement", "continue-reading"),
    ("Hide Caption 2 of 9", "photo-credit"),
])
def test_player_and_prompt_furniture_goes_from_inside_a_line(inline: str, rule: str) -> None:
    text = f"The ministers met on Monday. {inline} {BODY}"
    c = cleaned(text)
    assert (rule, inline) in removed(c)
    assert " ".join(c.text.split()) == f"The ministers met on Monday. {BODY}"
    assert_faithful(c)


def test_a_bbc_style_credit_goes_and_the_caption_stays() -> None:
    c = cleaned(f"The vote passed. Image copyright Jane Roe Image caption Crowds gathered outside parliament {BODY}")
    assert removed(c) == [("photo-credit", "Image copyright Jane Roe Image caption")]


def test_an_agency_credit_in_running_text_goes_but_not_a_dateline() -> None:
    c = cleaned(f"The leaders shook hands at the palace (REUTERS) {BODY}")
    assert ("photo-credit", "(REUTERS)") in removed(c)
    c = cleaned(f"PARIS (AFP) - {BODY}")
    assert [r.rule for r in c.removals] == ["dateline"] and c.location == "Paris"


def test_a_stamp_with_its_source_goes_and_the_title_line_then_repeats_the_title() -> None:
    title = "Ferry sinks off the coast"
    c = cleaned(f"{title} Updated: 2019-05-02 10:31 (Daily Courier)\n{BODY}", title)
    assert [r.rule for r in c.removals] == ["stamp"]
    assert lines(c) == [title, BODY]
    c = cleaned(f"Courier | Updated: 2019-05-02 10:31\n{BODY}")
    assert lines(c) == [BODY]


def test_a_byline_before_a_run_on_dateline_goes_and_the_dateline_is_found() -> None:
    title = "Ferry sinks off the coast"
    c = cleaned(f"{title} By Jane Roe and John Doe LAGOS, May 2 (Reuters) - {BODY}", title)
    assert [r.rule for r in c.removals] == ["repeated-title", "byline", "dateline"]
    assert c.text.strip() == BODY and c.location == "Lagos"
    c = cleaned(f"By Jane Roe\n{BODY}")
    assert lines(c) == [BODY]
    assert cleaned(f"By Monday the talks had failed.\n{BODY}").removals == ()


def test_a_gallery_caption_loses_its_label_and_the_title_but_keeps_its_words() -> None:
    title = "Ferry sinks off the coast"
    text = f"Photos: {title} Divers searched the hull at dawn. Hide Caption 1 of 3\n{BODY}"
    c = cleaned(text, title)
    assert lines(c) == ["Divers searched the hull at dawn.", BODY]


def test_a_repeated_sentence_goes_the_first_copy_stays() -> None:
    lede = "The coast guard rescued forty passengers from the sinking ferry on Tuesday."
    text = f"{lede}\n{BODY}\nThe coast guard rescued forty passengers from the sinking ferry on Tuesday\nHe said so."
    c = cleaned(text)
    assert [r.rule for r in c.removals] == ["repeated"]
    assert lines(c) == [lede, BODY, "He said so."]


def test_a_near_repeat_goes_but_a_different_sentence_with_shared_words_stays() -> None:
    lede = "The president is reopening the border crossing with the neighbouring country after nearly two years."
    near = "The president is to reopen the border crossing with the neighbouring country after nearly two years."
    other = "The president is closing the border crossing with the neighbouring country after the attack on Monday."
    c = cleaned(f"{lede}\n{near}\n{other}")
    assert [r.text for r in c.removals] == [near]


@pytest.mark.parametrize("text", [
    "Prosecutors opened an inquiry into whether the bank Credit Agricole helped clients hide their accounts.",
    "The minister said the talks failed. (The Daily Courier has asked for comment.)",
])
def test_prose_that_only_resembles_a_credit_stays(text: str) -> None:
    assert cleaned(text).removals == ()


def test_a_credit_after_the_caption_marks_it() -> None:
    c = cleaned(f"Police close the square on Tuesday. Credit Jane Roe/Daily Courier\n{BODY}")
    assert [r.rule for r in c.removals] == ["caption"]


def test_short_sentences_may_recur() -> None:
    assert cleaned("He denied it.\nThe court heard the case.\nHe denied it.").removals == ()


def test_explain_shows_a_caption_removal() -> None:
    c = cleaned(f"Farmers block a road \u00a9Jean Dupont\n{BODY}")
    assert explain_cleaning(c)[0].startswith("caption  [0:")


# -- the headline ------------------------------------------------------------------------------------------

def test_a_title_the_text_leaves_out_opens_the_coded_text():
    article = headed(Article(id="t", text=BODY, title="  Ministry  summons envoy "))
    assert article.text == "Ministry summons envoy\n\n" + BODY


def test_a_text_that_opens_with_its_title_is_left_as_it_is():
    text = "Ministry Summons Envoy\n\n" + BODY
    assert headed(Article(id="t", text=text, title="Ministry summons envoy")).text == text
    assert headed(Article(id="t", text=BODY)).text == BODY
    assert headed(Article(id="t", text="  ", title="Ministry summons envoy")).text == "  "


def test_a_title_run_into_the_first_line_is_put_above_it_and_its_copy_cleaned_away(pipeline):
    text = "Ministry summons envoy By Jane Roe " + BODY
    coded = pipeline.code_article(Article(id="t", text=text, title="Ministry summons envoy"))
    assert coded.article.text.startswith("Ministry summons envoy\n\n")
    assert [r.rule for r in coded.cleaned.removals][:1] == ["repeated-title"]
    assert coded.cleaned.text.split("\n\n", 1)[0] == "Ministry summons envoy"


def test_an_act_only_the_headline_states_is_coded_from_it(pipeline):
    body = ("The decision follows weeks of talks between the two governments. "
            "Officials described the mood as tense but said contacts would continue.")
    events = pipeline.code_article(Article(id="t", text=body, title="Chile expels two Bolivian diplomats",
                                           published="2024-03-09")).events
    assert [(e.source.key, e.target.key, e.root, e.sentence_index) for e in events] == [("CHL", "BOL", "16", 0)]
    assert "title +" in events[0].rule


def test_a_title_case_headline_is_read_in_lower_case_but_its_names_keep_their_capitals(pipeline):
    article = Article(id="t", text="The cabinet met on Wednesday.", published="2024-03-09",
                      title="Israel Approves Additional Funding For Settlements In Nice")
    coded = pipeline.code_article(article)
    headline = coded.cleaned.text.split("\n", 1)[0]
    # common words lose their capitals; names the dictionaries know, and a word after "in", keep them
    assert headline == "Israel approves additional funding for settlements in Nice"
    assert coded.article.text.startswith(article.title)  # the article's own words are untouched


def test_a_sentence_case_headline_is_left_as_written(pipeline):
    title = "Kim Jong Un offers Olympics olive branch to South"
    coded = pipeline.code_article(Article(id="t", text="The talks will begin next week.", title=title))
    assert coded.cleaned.text.split("\n", 1)[0] == title


def test_a_line_in_square_brackets_is_a_link_to_another_story():
    text = BODY + "\n[Ministry denies report of second envoy summoned]\nThe talks resume on Monday.\n"
    c = cleaned(text)
    assert [r.rule for r in c.removals] == ["linked-story"]
    assert "[Ministry" not in c.text and BODY in c.text and "talks resume" in c.text


def test_a_print_edition_note_is_page_furniture():
    text = (BODY + "\nOrder Reprints | Today's Paper | Subscribe A version of this article appears in print on , on "
            "Page A 9 of the New York edition with the headline: Envoy Summoned\n")
    c = cleaned(text)
    assert {r.rule for r in c.removals} == {"print-edition"}
    assert "Reprints" not in c.text and "headline" not in c.text and BODY in c.text


def test_a_one_or_two_word_title_is_a_section_name_not_a_headline(pipeline):
    text = "Turkey expelled two Swedish diplomats on Monday, the foreign ministry said."
    for title in ("News", "World news"):
        coded = pipeline.code_article(Article(id="t", text=text, title=title, published="2025-03-10"))
        assert coded.article.text == text
        assert [(e.source.key, e.target.key, e.root) for e in coded.events] == [("TUR", "SWE", "16")]
