"""``symptom_nlu_sides``: "left" / "right" said about a symptom ("lump in my left armpit").

The side words and the words that attach them to a place are ``resources/en/sides.yml``.
"""

from spacy.language import Language
from spacy.tokens import Doc

from symptom_nlu.components.types import register_extensions
from symptom_nlu.lexicon import load_word_lists, word_set


class SideFinder:
    """Finds "left" / "right" said about a symptom ("lump in my left armpit")."""

    def __init__(self, nlp: Language, name: str, window: int, resources: str = "") -> None:
        self.name = name
        self.window = window
        words = load_word_lists("sides.yml", resources or None)
        self.side_words = {
            str(k).lower(): str(v).lower() for k, v in (words.get("side_words") or {}).items()
        }
        self.attached_before = word_set(words.get("attached_before"), "attached_before")
        self.attached_after = word_set(words.get("attached_after"), "attached_after")
        self.not_side_after = word_set(words.get("not_side_after"), "not_side_after")

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.symptom_mentions or []
        place_starts = {c.start for c in doc._.symptom_class_spans or []}
        clause = doc._.pair_clause
        sides = []
        for token in doc:
            value = self.side_words.get(token.lower_)
            if value is None:
                continue
            i = token.i
            if len(token.lower_) == 1 and not (
                i + 1 < len(doc) and doc[i + 1].lower_ in ("side", "-")
            ):
                continue  # "l"/"r" only as "l side"
            after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            before = doc[i - 1].lower_ if i > 0 else ""
            if after in self.not_side_after and after not in self.attached_after:
                continue
            if before == "all" or (before == "'s" and after in ("", ".", "!")):
                continue  # "all right", "that's right"
            attached = (
                i + 1 in place_starts
                or after in self.attached_after
                or before in self.attached_before
            )
            if not attached:
                continue
            near = any(
                clause[min(m.start, len(doc) - 1)] == clause[i]
                and (m.start - self.window <= i < m.end + self.window)
                for m in mentions
            )
            if near:
                sides.append((i, i + 1, value))
        doc._.sides = sides
        return doc


@Language.factory("symptom_nlu_sides", default_config={"window": 8, "resources": ""})
def make_sides(nlp: Language, name: str, window: int, resources: str) -> SideFinder:
    register_extensions()
    return SideFinder(nlp, name, window, resources)
