"""The English abbreviation list in verifier/data is spaCy's, so sentence ends read as before without importing spaCy."""

from verifier.document.sentences import _abbreviations, spacy_abbreviations


def test_abbreviations_match_the_installed_spacy():
    spacy = spacy_abbreviations()
    assert _abbreviations() == spacy | {w.lower() for w in spacy}
