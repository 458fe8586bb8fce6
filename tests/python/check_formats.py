"""Loads sayso's exports with the real Python readers (optional; needs `pip install spacy`).

    python tests/python/check_formats.py EXPORT_DIR

EXPORT_DIR holds `sayso export --format spacy` (`*.spacy`) and `--format prodigy`
(`prodigy.jsonl`) output of one layer, and optionally a `brat/` export, as
`tests/formats.rs` writes them when SAYSO_SPACY_PYTHON names this interpreter. With
`pip install pybrat` (a strict brat reader: it refuses two T lines over one span), the
brat folder is parsed too. Checks: spaCy's `DocBin` loads every document,
its text is the article, every span group's span covers what its character offsets say
(less spaces at its edges, which belong to no token);
the Prodigy tokens are spaCy's blank English tokenizer's (at least 99.9% of them), once the
tokens sayso cut at a span boundary are joined back.
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
spans = total = same = docs_same = 0
for doc, record in zip(docs, records):
    assert doc.text == record["text"], record["meta"]
    for name, group in doc.spans.items():
        for span in group:
            # A space at a span's edge belongs to no token: the tokens' text lacks it.
            raw = doc.text[span.start_char:span.end_char]
            assert span.text in (raw, raw.strip(" ")), (span.text, raw)
            spans += 1
    ours = [(t["start"], t["end"]) for t in record["tokens"]]
    theirs = [(t.idx, t.idx + len(t.text)) for t in nlp(record["text"])]
    # sayso cuts a token where a span starts or ends inside it: join those pieces back.
    edges = {x for s in record["spans"] for x in (s["start"], s["end"])}
    starts = {start for start, _ in theirs}
    joined = []
    for start, end in ours:
        if start in edges and start not in starts and joined and joined[-1][1] == start:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    total += len(theirs)
    same += len(set(joined) & set(theirs))
    docs_same += set(joined) == set(theirs)
print(
    f"spaCy {spacy.__version__}: {len(docs)} documents, {spans} spans loaded; "
    f"{same} of {total} spaCy tokens reproduced, {docs_same} documents tokenized identically"
)
assert same >= 0.999 * total, "sayso's tokens are no longer spaCy's"

if (out / "brat").is_dir():
    try:
        from pybrat.parser import BratParser
    except ImportError:
        print("pybrat is not installed: the brat folder is not checked")
    else:
        examples = BratParser(error="raise").parse(out / "brat")
        entities = sum(len(e.entities) for e in examples)
        events = sum(len(e.events) for e in examples)
        print(f"pybrat: {len(examples)} documents, {entities} entities, {events} events")
