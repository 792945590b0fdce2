import Foundation
import RerankCore

extension EvalReport {
    /// The metric the comparison and position-bias tables use: NDCG@10 when measured, else the first NDCG.
    var primaryMetric: String {
        summary.metricNames.contains("ndcg@10") ? "ndcg@10" : (summary.metricNames.first ?? "ndcg@10")
    }

    /// report.md: the tables a reader needs to decide, with the conventions spelled out.
    public var markdown: String {
        var lines: [String] = []
        let names = summary.metricNames
        lines.append("# Evaluation report")
        lines.append("")
        lines.append(
            "- Lists: `\(listsSource)`, \(summary.listIDs.count) lists"
                + (summary.listsWithoutRelevant > 0 ? " (\(summary.listsWithoutRelevant) without a relevant item, scored 0)" : ""))
        lines.append("- Model: `\(model)` at `\(baseURL)`")
        if let software {
            lines.append("- \(software.line)")
        }
        lines.append(
            "- Seed \(settings.seed); \(settings.randomDraws) random draws per list; \(settings.bootstrapSamples) bootstrap samples; \(settings.metrics.gain.rawValue) gain"
        )
        lines.append("")
        lines.append("## Ranking quality")
        lines.append("")
        lines.append("Mean over lists with a 95 % bootstrap interval.")
        lines.append("")
        let shown = names.filter { $0.hasPrefix("ndcg@") || $0 == "hit@10" || $0 == "recall@10" || $0 == "mrr" || $0 == "map" }
        lines.append("| system | " + shown.map(Self.label).joined(separator: " | ") + " |")
        lines.append("|---|" + shown.map { _ in "---|" }.joined())
        for row in summary.rows where row.placement == .asGiven {
            let cells = shown.compactMap { name in summary.metricIndex(name).map { Self.format(row.estimates[$0]) } }
            lines.append("| \(row.system) | " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        if summary.upstreamIsPopularity {
            lines.append(
                "The lists' upstream scores are their popularity counts (as `eval build` makes them), so the upstream and popularity baselines coincide."
            )
            lines.append("")
        }
        let baselines = (summary.importedSystems + Baseline.allCases.map(\.systemName)).filter { summary.row($0) != nil }
        let compared = configurations.map(\.name) + summary.importedSystems
        if !compared.isEmpty, !baselines.isEmpty {
            lines.append("## Against the baselines (\(Self.label(primaryMetric)))")
            lines.append("")
            lines.append(
                "Paired bootstrap over the same lists: mean difference (configuration − baseline), 95 % interval, two-sided p-value, "
                    + "and in brackets the p-value after Holm's adjustment over all \(summary.comparisons.count) comparisons of this report "
                    + "(every configuration × baseline × metric; report.json also has Benjamini–Hochberg q-values). Read a difference as real only when the adjusted value is small."
            )
            lines.append("")
            lines.append(
                "| configuration | " + baselines.map { "vs \($0.replacingOccurrences(of: "baseline:", with: ""))" }.joined(separator: " | ")
                    + " |")
            lines.append("|---|" + baselines.map { _ in "---|" }.joined())
            for system in compared {
                let cells = baselines.map { baseline -> String in
                    guard
                        let comparison = summary.comparisons.first(where: {
                            $0.system == system && $0.baseline == baseline && $0.metric == primaryMetric
                        })
                    else { return "–" }
                    let difference = comparison.result.difference
                    return String(
                        format: "%+.3f [%+.3f, %+.3f] p=%.3f (Holm %.3f)", difference.mean, difference.low, difference.high,
                        comparison.result.pValue, comparison.holmPValue)
                }
                lines.append("| \(system) | " + cells.joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        if summary.hasPositionSweep, let metric = summary.metricIndex(primaryMetric) {
            lines.append("## Position bias (\(Self.label(primaryMetric)) by where the relevant item is shown)")
            lines.append("")
            lines.append(
                "The relevant item is moved to each position; the other candidates keep the upstream order. Position *n* of *K* is 1-based."
            )
            lines.append("")
            lines.append(
                "| system | " + SweepPosition.allCases.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }.joined(separator: " | ")
                    + " |")
            lines.append("|---|" + SweepPosition.allCases.map { _ in "---|" }.joined())
            let systems = configurations.map(\.name) + Baseline.allCases.map(\.systemName)
            for system in systems {
                let cells = SweepPosition.allCases.map { position in
                    summary.row(system, .swept(position)).map { Self.format($0.estimates[metric]) } ?? "–"
                }
                guard cells.contains(where: { $0 != "–" }) else { continue }
                lines.append("| \(system) | " + cells.joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        let used = summary.rows.filter { $0.placement == .asGiven && $0.usage != nil }
        if !used.isEmpty {
            lines.append("## Validity")
            lines.append("")
            lines.append(
                "| configuration | lists | degraded | first-try valid | re-asks | repairs (missing/duplicate/unknown) | failed calls | position echo (τ) |"
            )
            lines.append("|---|---|---|---|---|---|---|---|---|")
            for row in used {
                guard let usage = row.usage else { continue }
                lines.append(
                    "| \(row.system) | \(usage.lists) | \(usage.degraded) | \(usage.firstTryValid)/\(usage.votes) (\(String(format: "%.0f", usage.firstTryValidRate * 100)) %) | \(usage.reasked) | \(usage.repairs.missing)/\(usage.repairs.duplicate)/\(usage.repairs.unknown) | \(usage.failedCalls) | \(usage.positionEcho.map { String(format: "%.2f", $0) } ?? "–") |"
                )
            }
            let reasons = Dictionary(grouping: results.compactMap { $0.usage?.degradedReason }, by: { $0 })
            if !reasons.isEmpty {
                lines.append("")
                lines.append(
                    "Degraded lists (scored on the upstream order they fell back to; rerun to retry them, failed calls are never cached):")
                lines.append("")
                for (reason, occurrences) in reasons.sorted(by: {
                    $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key
                }) {
                    lines.append("- \(occurrences.count) × \(reason)")
                }
            }
            lines.append("")
            lines += Self.labelPicksSection(used)
            lines += Self.inconsistentComparisonsLines(used)
            lines.append("## Cost")
            lines.append("")
            lines.append(
                "Endpoint time per list is the sum of its calls' latencies as first made (replayed from the cache on reruns). "
                    + "Prefilled tokens are the prompt tokens the server had to read: the prompt less what its prompt cache held.")
            lines.append("")
            lines.append(
                "| configuration | calls | prompt tokens | prefilled tokens | completion tokens | cached tokens | endpoint ms/list p50 | p95 | endpoint s total |"
            )
            lines.append("|---|---|---|---|---|---|---|---|")
            for row in used {
                guard let usage = row.usage else { continue }
                lines.append(
                    "| \(row.system) | \(usage.llmCalls) | \(usage.promptTokens) | \(usage.counters.prefillTokens) | \(usage.completionTokens) | \(usage.cachedTokens) | \(Int(usage.endpointP50.rounded())) | \(Int(usage.endpointP95.rounded())) | \(String(format: "%.1f", usage.endpointTotalSeconds)) |"
                )
            }
            lines.append("")
        }
        lines.append("## This run")
        lines.append("")
        lines.append(
            "- Started \(ISO8601DateFormatter().string(from: run.startedAt)), wall time \(String(format: "%.1f", run.wallSeconds)) s, \(settings.concurrency) lists at once"
        )
        if let path = run.cachePath {
            lines.append(
                "- Response cache `\(path)`: \(run.cache.hits) hits, \(run.cache.misses) endpoint calls, \(run.cache.failures) failed")
        } else {
            lines.append("- No response cache: \(run.cache.misses) endpoint calls, \(run.cache.failures) failed")
        }
        lines.append("")
        lines.append("## How the numbers are computed")
        lines.append("")
        lines.append(
            "- NDCG@K follows trec_eval's `ndcg_cut`: gain = label (\(settings.metrics.gain == .linear ? "linear" : "2^label − 1, exponential")),"
                + " discount 1/log2(rank + 1), ideal DCG from every label of the list. Recall, HitRate, MRR and MAP count a label above 0 as relevant."
        )
        lines.append("- Rankings are strict orders. Where a baseline's scores tie (popularity), the shown order decides, never the label.")
        lines.append(
            "- Random: \(settings.randomDraws) seeded permutations per list, metrics averaged. Popularity: interaction counts in the training part."
        )
        lines.append(
            "- Intervals: percentile bootstrap over lists (\(settings.bootstrapSamples) samples, seeded); p-values from the bootstrap distribution of the paired difference shifted to zero."
        )
        lines.append("")
        lines.append(
            "- Tie-breaking: rankings here are strict orders (ties in upstream scores keep the shown order). The exported `runs/*.run` give rank r of n the score n − r + 1, so trec_eval (which breaks score ties by document id, descending) reads exactly these orders and reproduces these per-list values; an imported run (`--run`) is ordered trec_eval's way."
        )
        lines.append("")
        lines.append(
            "Charts: `ndcg.svg`" + (summary.hasPositionSweep ? ", `position-bias.svg`" : "")
                + ". Per-list values: `report.json` (`per_list`), `per-list.jsonl` and `per-list.csv`. For trec_eval and other tools: `qrels.txt` and one TREC run per system in `runs/`."
        )
        return lines.joined(separator: "\n") + "\n"
    }

    /// Position bias of first-token readings: how often each shown label was the model's pick, beside how
    /// often it would be with no bias. Listwise windows of up to 20 labels are cut after `shownLabels`.
    static func labelPicksSection(_ rows: [EvalSummary.SystemRow], shownLabels: Int = 8) -> [String] {
        let read = rows.compactMap { row in row.usage.flatMap { $0.logits.picksByLabel.isEmpty ? nil : (row.system, $0.logits) } }
        guard !read.isEmpty else { return [] }
        let columns = min(shownLabels, read.map(\.1.picksByLabel.count).max() ?? 0)
        let letters = FirstTokenLabels.letters.prefix(columns)
        let hasRest = read.contains { $0.1.picksByLabel.count > columns }
        var lines = [
            "## First-token picks by shown label",
            "",
            "How often the label shown at each position was the most likely first answer token, with the count a reader without position bias would give in brackets (each reading adds 1/n to each of its n labels). Labels missing from the alternatives are summed over readings.",
            "",
            "| configuration | readings | labels missing | " + letters.joined(separator: " | ") + (hasRest ? " | later labels" : "") + " |",
            "|---|---|---|" + String(repeating: "---|", count: columns + (hasRest ? 1 : 0)),
        ]
        for (system, logits) in read {
            var cells = (0..<columns).map { index -> String in
                guard index < logits.picksByLabel.count, index < logits.expectedPicksByLabel.count else { return "–" }
                return "\(logits.picksByLabel[index]) (\(String(format: "%.0f", logits.expectedPicksByLabel[index])))"
            }
            if hasRest {
                let picks = logits.picksByLabel.dropFirst(columns).reduce(0, +)
                let expected = logits.expectedPicksByLabel.dropFirst(columns).reduce(0, +)
                cells.append(logits.picksByLabel.count > columns ? "\(picks) (\(String(format: "%.0f", expected)))" : "–")
            }
            lines.append("| \(system) | \(logits.scoredCalls) | \(logits.labelsMissing) | " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        return lines
    }

    /// Pairwise comparisons whose two orders picked the same shown label, read from logits or from the
    /// letters written, so runs without logprobs (no picks table) get the line too.
    static func inconsistentComparisonsLines(_ rows: [EvalSummary.SystemRow]) -> [String] {
        let counted = rows.compactMap { row in
            row.usage.flatMap {
                $0.logits.inconsistentComparisons > 0
                    ? "\(row.system) \($0.logits.inconsistentComparisons) of \($0.logits.comparisons)" : nil
            }
        }
        guard !counted.isEmpty else { return [] }
        return [
            "Pairwise comparisons that picked the same shown label in both orders (decided by position, not by item): "
                + counted.joined(separator: "; ") + ".", "",
        ]
    }

    static func format(_ estimate: Estimate) -> String {
        String(format: "%.3f [%.3f, %.3f]", estimate.mean, estimate.low, estimate.high)
    }

    /// `ndcg@10` → `NDCG@10`.
    static func label(_ metric: String) -> String {
        switch metric {
        case "mrr": return "MRR"
        case "map": return "MAP"
        default:
            return metric.replacingOccurrences(of: "ndcg", with: "NDCG").replacingOccurrences(of: "recall", with: "Recall")
                .replacingOccurrences(of: "hit", with: "HitRate")
        }
    }
}
