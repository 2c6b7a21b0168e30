"""Countries under their other names: "Greek" for Greece, "Tashkent" for Uzbekistan's government.

News writes a country three ways: its name, its people ("the Greek minister") and its capital
standing for its government ("Tashkent rejected the claim"). The names, demonyms and capitals
come from the countryinfo package's country data.
"""

from __future__ import annotations

from functools import cache, lru_cache

# The shortest form kept, and the shortest word that may stand for a longer form ("Uzbek" for "Uzbekistan").
MIN_FORM = 4
MIN_PREFIX = 5


@cache
def _forms() -> dict[str, str]:
    """Each one-word name, demonym and capital, lower-cased, to its country.

    Only countries with an ISO numeric code (the package also lists former ones such as Burma)
    and not a union of two listed ones ("Serbia and Montenegro"). A form two countries share
    ("French", for France and Reunion) belongs to the more populous; without populations, to neither.
    """
    from countryinfo import CountryInfo

    countries = {key: info for key, info in CountryInfo.all().items() if (info.get("ISO") or {}).get("numeric")}
    owners: dict[str, list[tuple[int, str]]] = {}
    for key, info in countries.items():
        parts = key.split(" and ")
        if len(parts) > 1 and all(part in countries for part in parts):
            continue
        for field in ("name", "demonym", "capital"):
            value = info.get(field)
            # A missing field is None; one country lists its capital as a list.
            form = value.removesuffix(" D.C.") if isinstance(value, str) else ""
            if " " not in form and len(form) >= MIN_FORM:
                owners.setdefault(form.lower(), []).append((info.get("population") or 0, key))
    forms = {}
    for form, found in owners.items():
        found.sort(reverse=True)
        if len(found) == 1 or found[0][0] > found[1][0]:
            forms[form] = found[0][1]
    return forms


@lru_cache(maxsize=8192)
def country_of(word: str) -> str | None:
    """The country a lower-cased ``word`` names, as its name, people or capital, or ``None``.

    A plural counts ("serbians"), and so does a word that begins a single country's form
    ("uzbek" for "uzbekistan") or the name without its final s ("lao" for "laos").
    """
    forms = _forms()
    for candidate in (word, word.removesuffix("s"), word + "s"):
        if candidate in forms:
            return forms[candidate]
    if len(word) < MIN_PREFIX:
        return None
    found = {country for form, country in forms.items() if form.startswith(word)}
    return next(iter(found)) if len(found) == 1 else None


def country_words(word: str) -> set[str]:
    """All one-word forms of the country ``word`` names (``{word}`` when it names none)."""
    country = country_of(word)
    if country is None:
        return {word}
    return {form for form, owner in _forms().items() if owner == country} | {word}


def same_country(a: str, b: str) -> bool:
    """Whether two lower-cased words name the same country ("greek", "athens")."""
    country = country_of(a)
    return country is not None and country == country_of(b)
