"""Near-duplicate precision and recall on the corpus, offline (no database): the study behind
TIPLINE_SIMILARITY_THRESHOLD and bench/corpus.py (docs/performance.md, issue 9).

The same signature code as production (cases/similarity/signature.py, a random key), the same
LSH bands and band-key cap; every candidate is scored by its MinHash estimate (what the rebuild
stores) and by its exact shingle Jaccard (what the estimate estimates). Then, per edit type and
language, each of the issue's edits applied once to fresh reports, short Chinese ones included.
(The rebuild also keeps at most 200 candidates per report, most shared bands first; this does
not, so it can only find more pairs, never fewer.)

    .venv/bin/python bench/neardup_accuracy.py --size 20000 --examples 10
"""

import argparse
import random
import secrets
import sys
import time
from collections import Counter
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import corpus  # noqa: E402

from cases.similarity import signature  # noqa: E402

BAND_CAP = 1000


def candidates(matrix: numpy.ndarray, cap: int = BAND_CAP) -> numpy.ndarray:
    """(k, 2) row pairs sharing at least one band key held by at most `cap` rows."""
    keys = signature.band_keys_matrix(matrix)
    found = []
    for band in range(keys.shape[1]):
        order = numpy.argsort(keys[:, band], kind="stable")
        column = keys[order, band]
        starts = numpy.flatnonzero(numpy.r_[True, column[1:] != column[:-1]])
        sizes = numpy.diff(numpy.r_[starts, len(column)])
        for start, size in zip(
            starts[(sizes > 1) & (sizes <= cap)], sizes[(sizes > 1) & (sizes <= cap)], strict=True
        ):
            rows = numpy.sort(order[start : start + size])
            a, b = numpy.triu_indices(size, 1)
            found.append(rows[a] * len(matrix) + rows[b])
    if not found:
        return numpy.zeros((0, 2), dtype=numpy.int64)
    flat = numpy.unique(numpy.concatenate(found))
    return numpy.stack([flat // len(matrix), flat % len(matrix)], axis=1)


def estimates(matrix: numpy.ndarray, pairs: numpy.ndarray, chunk: int = 200_000) -> numpy.ndarray:
    out = numpy.empty(len(pairs))
    for s in range(0, len(pairs), chunk):
        a, b = pairs[s : s + chunk, 0], pairs[s : s + chunk, 1]
        out[s : s + chunk] = (matrix[a] == matrix[b]).mean(axis=1)
    return out


def jaccard(x: set, y: set) -> float:
    return len(x & y) / max(1, len(x | y))


def corpus_study(size: int, seed: int, thresholds: list[float], examples: int) -> None:
    key = secrets.token_bytes(32)
    started = time.process_time()
    docs = corpus.generate(size, seed=seed)
    sigs = signature.minhashes([d.text for d in docs], key)
    kept = [i for i, s in enumerate(sigs) if s is not None]
    matrix = numpy.frombuffer(b"".join(sigs[i] for i in kept), "<u4").reshape(len(kept), -1)
    pairs = candidates(matrix)
    est = estimates(matrix, pairs)
    low = min(thresholds) - 0.1
    near = pairs[est >= low]
    ids = numpy.asarray(kept)
    scored = {
        (int(ids[a]), int(ids[b])): float(e)
        for (a, b), e in zip(near, est[est >= low], strict=True)
    }
    shingles = [signature.shingles(d.text) for d in docs]
    exact = {p: jaccard(shingles[p[0]], shingles[p[1]]) for p in scored}
    truth = corpus.labelled_pairs(docs)
    truth_j = [jaccard(shingles[a], shingles[b]) for a, b in truth]
    print(
        f"{size:,} reports, {len(truth):,} labelled pairs, {len(pairs):,} LSH candidate pairs "
        f"({time.process_time() - started:.0f} CPU-s)"
    )
    print(f"labelled pairs with exact Jaccard < 0.4: {sum(j < 0.4 for j in truth_j)}")
    for th in thresholds:
        for name, score in (("estimate", scored), ("exact", exact)):
            found = {p for p, s in score.items() if s >= th}
            if name == "exact":  # every labelled pair, candidate or not
                found |= {p for p, j in zip(truth, truth_j, strict=True) if j >= th}
            hit = len(found & truth)
            print(
                f"  threshold {th:.2f} {name:8s}: found {len(found):6,}  recall "
                f"{hit / max(1, len(truth)):.3f}  precision {hit / max(1, len(found)):.3f}"
            )
    th = min(thresholds)
    false = [p for p, s in scored.items() if s >= th and p not in truth]
    js = sorted(exact[p] for p in false)
    languages = dict(Counter(docs[a].lang for a, _ in false))
    print(f"false pairs at estimate >= {th}: {len(false)}, by language {languages}")
    if js:
        quantiles = [
            round(js[int(q * (len(js) - 1))], 3) for q in (0, 0.1, 0.25, 0.5, 0.75, 0.9, 1)
        ]
        print(f"  their exact Jaccard, min/10/25/50/75/90 %/max: {quantiles}")
        print(f"  of which exact Jaccard >= {th}: {sum(j >= th for j in js)}")
        lengths = sorted(min(len(docs[a].text), len(docs[b].text)) for a, b in false)
        print(f"  shorter text's length, median: {lengths[len(lengths) // 2]}")
    rng = random.Random(seed)
    for a, b in rng.sample(false, min(examples, len(false))):
        print(f"--- estimate {scored[(a, b)]:.3f}, exact {exact[(a, b)]:.3f}")
        print(f"  A: {docs[a].text}\n  B: {docs[b].text}")


def edit_study(per_cell: int, seed: int, thresholds: list[float]) -> None:
    """Recall per edit type: each edit once on fresh reports (two random edits in the last row)."""
    key = secrets.token_bytes(32)
    rng = random.Random(seed)
    cells = [("zh", 30, 40), ("zh", 30, 500), ("en", 30, 500)]
    edits = [*corpus.EDITS, None]
    print(f"recall per edit, {per_cell} reports each, estimate (exact) at each threshold:")
    print("  " + " " * 34 + "  ".join(f"{th:>13.2f}" for th in thresholds))
    for lang, lo, hi in cells:
        for edit in edits:
            bases = []
            while len(bases) < per_cell:  # the first sentence may overshoot a short target
                text = corpus.report_text(rng, lang, lo, hi)
                bases += [text] if len(text) <= hi else []
            if edit is None:
                copies = [corpus.variant(rng, text, lang) for text in bases]
            else:
                copies = [edit(rng, text, lang) for text in bases]
            sigs = signature.minhashes(bases + copies, key)
            est = [
                signature.similarity(x, y) if x and y else 0.0
                for x, y in zip(sigs[:per_cell], sigs[per_cell:], strict=True)
            ]
            exact = [
                jaccard(signature.shingles(x), signature.shingles(y))
                for x, y in zip(bases, copies, strict=True)
            ]
            name = edit.__name__ if edit else "one or two edits"
            est_a, exact_a = numpy.array(est), numpy.array(exact)
            row = "  ".join(
                f"{numpy.mean(est_a >= th):.3f} ({numpy.mean(exact_a >= th):.3f})"
                for th in thresholds
            )
            print(f"  {lang} {lo:>3}-{hi:<3} chars {name:18s} {row}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--thresholds", default="0.4,0.45,0.5")
    parser.add_argument("--examples", type=int, default=6)
    parser.add_argument("--per-edit", type=int, default=2000, help="reports per edit type")
    parser.add_argument("--skip-corpus", action="store_true")
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]
    if not args.skip_corpus:
        corpus_study(args.size, args.seed, thresholds, args.examples)
    if args.per_edit:
        edit_study(args.per_edit, args.seed, thresholds)


if __name__ == "__main__":
    main()
