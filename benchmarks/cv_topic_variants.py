"""Cross-validate variants of the tag scorer on the tuning labels (round 3 of issue 11).

Usage (from the repository root)::

    .venv/bin/python benchmarks/cv_topic_variants.py               # every variant, seed 0
    .venv/bin/python benchmarks/cv_topic_variants.py --seed 1 shipped best

Only the tuning labels are read (as in ``fit_topic_scorer.py``); the test sets never. Each
variant is scored by the same 5-fold cross-validation as ``fit_topic_scorer.py`` (each fold's
scorer and text layer fitted on the other folds), and ``min_score`` is the threshold on a 0.01
grid with the best CV micro-F1 among those whose CV recall is at least ``RECALL_FLOOR``.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit_topic_scorer as fit  # noqa: E402

from papertoolkit import load, topics  # noqa: E402

#: Title cues added to ``architecture`` in the variants marked ``arch``.
ARCH_TITLE_TERMS = ["attention", "transformer*", "convolution*"]
#: name: (combiner C, text_C, text_options, add ARCH_TITLE_TERMS)
VARIANTS = {
    "shipped": (3.0, 10.0, {}, False),
    "text_C=3": (3.0, 3.0, {}, False),
    "text_C=30": (3.0, 30.0, {}, False),
    "text_C=100": (3.0, 100.0, {}, False),
    "all words, text_C=30": (3.0, 30.0, {"max_features": None}, False),
    "stem": (3.0, 10.0, {"korean_stem": True}, False),
    "stem, text_C=30": (3.0, 30.0, {"korean_stem": True}, False),
    "stem, all words, text_C=30": (3.0, 30.0, {"korean_stem": True, "max_features": None},
                                   False),
    "arch": (3.0, 10.0, {}, True),
    "best": (3.0, 30.0, {"korean_stem": True, "max_features": None}, True),
}
FINE = tuple(round(v, 2) for v in np.arange(0.15, 0.61, 0.01))


def taxonomy_with_arch_terms() -> dict:
    tax = copy.deepcopy(topics.load_taxonomy())
    tax["architecture"]["title_terms"] = [*tax["architecture"]["title_terms"],
                                          *ARCH_TITLE_TERMS]
    return tax


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help=f"variants (default: all): {list(VARIANTS)}")
    ap.add_argument("--seed", type=int, default=0, help="the shuffle of the 5 folds")
    args = ap.parse_args(argv)
    papers = load(sorted(fit.CORPUS.glob("*.md"))).papers_unique
    labels = fit.load_tuning_labels()
    print(f"| variant (seed {args.seed}) | min_score | P | R | F1 |\n|---|---:|---:|---:|---:|")
    for name in args.names or VARIANTS:
        C, text_C, options, arch = VARIANTS[name]
        cv = fit.cross_validated_tags(
            papers, labels, C=C, seeds=(args.seed,), text_C=text_C, text_options=options,
            taxonomy=taxonomy_with_arch_terms() if arch else None)
        micro = topics.evaluate_topics(cv, labels, min_scores=FINE).query("topic == 'micro'")
        ok = micro[micro["recall"] >= fit.RECALL_FLOOR]
        r = ok.loc[ok["f1"].idxmax()]
        print(f"| {name} | {r.min_score:.2f} | {r.precision:.3f} | {r.recall:.3f} | "
              f"{r.f1:.4f} |", flush=True)


if __name__ == "__main__":
    main()
