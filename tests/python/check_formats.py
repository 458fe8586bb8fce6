"""Loads sayso's exports with the real Python readers (optional; needs `pip install spacy`).

    python tests/python/check_formats.py EXPORT_DIR

EXPORT_DIR holds `sayso export --format spacy` (`*.spacy`) and `--format prodigy`
(`prodigy.jsonl`) output of one layer, as `tests/formats.rs` writes them when
SAYSO_SPACY_PYTHON names this interpreter. Checks: spaCy's `DocBin` loads every document,
its text is the article, every span group's span covers what its character offsets say;
the Prodigy tokens are spaCy's blank English tokenizer's, except where sayso cut a token
at a span boundary (a cut token's pieces join back into spaCy's token).
"""

import json
import pathlib
import sys

import spacy
from spacy.tokens import DocBin

out = pathlib.Path(sys.argv[1])
nlp = spacy.blank("en")
records = [json.loads(line) for line in open(out / "prodigy.jsonl", encoding="utf-8")]
[path] = list(out.glob("*.spacy"))
docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
assert len(docs) == len(records), (len(docs), len(records))
spans = 0
for doc, record in zip(docs, records):
    assert doc.text == record["text"], record["meta"]
    for name, group in doc.spans.items():
        for span in group:
            assert span.text == doc.text[span.start_char:span.end_char]
            spans += 1
    ours = [(t["start"], t["end"]) for t in record["tokens"]]
    theirs = [(t.idx, t.idx + len(t.text)) for t in nlp(record["text"])]
    cuts = {start for start, _ in ours} - {start for start, _ in theirs}
    joined = []
    for start, end in ours:
        if start in cuts and joined:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    assert joined == theirs, [record["text"][a:b] for a, b in set(joined) ^ set(theirs)][:10]
print(f"spaCy {spacy.__version__}: {len(docs)} documents, {spans} spans loaded; tokens agree")
