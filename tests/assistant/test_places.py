"""Countries under their other names, from the countryinfo package's data."""

from __future__ import annotations

import pytest

from assistant.places import country_of, country_words, same_country


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("greek", "greece"),  # the people
        ("tashkent", "uzbekistan"),  # the capital
        ("uzbek", "uzbekistan"),  # the start of a single country's name
        ("serbians", "serbia"),  # a plural
        ("belgrade", "serbia"),  # not "Serbia and Montenegro", a union of two listed countries
        ("burmese", "myanmar"),  # not Burma, which has no ISO numeric code
        ("french", "france"),  # shared with Reunion and others: the more populous
        ("washington", "united states"),  # "Washington D.C."
        ("lao", "laos"),  # the name without its final s
    ],
)
def test_a_country_s_other_names(word, country):
    assert country_of(word) == country


@pytest.mark.parametrize("word", ["chin", "germ", "malice", "port", "south", "minister"])
def test_words_that_only_look_like_a_country_name_none(word):
    assert country_of(word) is None


def test_all_forms_and_sameness():
    assert country_words("greek") == {"greece", "greek", "athens"}
    assert country_words("minister") == {"minister"}
    assert same_country("tashkent", "uzbek")
    assert not same_country("armenian", "russia")
    assert not same_country("minister", "minister")  # not a country at all
