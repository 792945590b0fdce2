#!/usr/bin/env python3
"""trec_eval's own numbers for a qrels file and a run file, through pytrec_eval (trec_eval's C code).

Usage: trec_eval_reference.py QRELS RUN
Prints one JSON object: {query_id: {measure: value}} for ndcg_cut_5/10/20, recall_10, recip_rank and map.
The differential test in Tests/RerankEvalTests compares them with rerank-agent's metrics.
Exit status 3 when pytrec_eval is missing (scripts/setup.sh installs it).
"""
import json
import sys

try:
    import pytrec_eval
except ImportError:
    sys.stderr.write("pytrec_eval is not installed; run scripts/setup.sh (it installs pytrec-eval-terrier)\n")
    sys.exit(3)

MEASURES = {"ndcg_cut.5,10,20", "recall.10", "recip_rank", "map"}


def main(qrels_path, run_path):
    with open(qrels_path) as handle:
        qrels = pytrec_eval.parse_qrel(handle)
    with open(run_path) as handle:
        run = pytrec_eval.parse_run(handle)
    evaluator = pytrec_eval.RelevanceEvaluator(qrels, MEASURES)
    json.dump(evaluator.evaluate(run), sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
