import Foundation
import RerankCore

extension TuneResult {
    /// report.md: the split, the candidates and their cost, the choice and its confirmation, and how to read them.
    public var markdown: String {
        var lines: [String] = []
        lines.append("# eval tune: \(metric) on \(listsSource)")
        lines.append("")
        lines.append("Model `\(model)` at \(baseURL). \(verdict)")
        lines.append("")
        lines.append("## Split")
        lines.append("")
        lines.append(
            "\(split.tuning.count + split.confirmation.count) lists: \(split.tuning.count) tune, \(split.confirmation.count) confirm "
                + "(\(split.method.rawValue)\(split.method == .seeded ? ", seed \(split.seed)" : "")). "
                + "The confirmation lists are ranked only by the chosen configuration, after the choice.")
        if let detectableDifference {
            lines.append(
                "From the spread seen on the tuning lists, a test on \(split.confirmation.count) lists detects a gain of about "
                    + "\(TuneResult.number(detectableDifference)) \(metric) (80 % power, 5 % level); a smaller true gain is likely to go unconfirmed."
            )
        }
        lines.append("")
        lines.append("## Candidates and cost per list")
        lines.append("")
        lines.append(
            "Budget per list: \(settings.budget.description). Each candidate first ranks the first \(settings.pilotLists) tuning lists; "
                + "one over the budget there, or one the endpoint answers on none of them, goes no further.")
        lines.append("")
        lines.append(
            "| candidate | calls | prefilled tokens | endpoint s | wall s | degraded lists | best \(metric) on the tuning lists (weight, blend) | status |"
        )
        lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for candidate in candidates {
            let cost = candidate.tuningCost ?? candidate.pilotCost
            let best = candidate.sweep.max { $0.mean < $1.mean }
            let bestText =
                best.map {
                    "\(TuneResult.number($0.mean)) (\(EvalConfiguration.format($0.configuration.fusion)), \($0.configuration.fusionMode.rawValue))"
                } ?? "–"
            lines.append(
                "| \(candidate.configuration.name) | \(TuneResult.cost(cost.calls)) | \(TuneResult.cost(cost.prefillTokens)) | "
                    + "\(TuneResult.cost(cost.endpointSeconds)) | \(TuneResult.cost(cost.wallSeconds)) | \(cost.degradedLists)/\(cost.lists) | "
                    + "\(bestText) | \(candidate.excluded ?? "chosen from") |")
        }
        lines.append("")
        lines.append(
            "Upstream order on the tuning lists: \(TuneResult.number(Bootstrap.mean(tuningUpstream))); random: \(TuneResult.number(Bootstrap.mean(tuningRandom)))."
        )
        lines.append("")
        lines.append("## Tuning curves")
        lines.append("")
        lines.append(
            "`tuning-curves.svg`: \(metric) on the tuning lists against the upstream weight (0: the model alone, 1: the upstream "
                + "order), one line per candidate and blend. Every point reuses the candidate's one ranking per list; no point made a call."
        )
        lines.append("")
        for candidate in candidates where !candidate.sweep.isEmpty {
            for mode in Set(candidate.sweep.map(\.configuration.fusionMode)).sorted(by: { $0.rawValue < $1.rawValue }) {
                let points = candidate.sweep.filter { $0.configuration.fusionMode == mode }
                lines.append(
                    "- \(candidate.configuration.name), \(mode.rawValue) blend: "
                        + points.map { "\(EvalConfiguration.format($0.configuration.fusion)): \(TuneResult.number($0.mean))" }.joined(
                            separator: ", "))
            }
        }
        lines.append("")
        lines.append("## Choice and confirmation")
        lines.append("")
        if let chosen, let tuning, let confirmation {
            lines.append(
                "Chosen: `\(chosen.name)`, the best of \(selectionCount) points (candidates × weights × blends) on the tuning lists.")
            lines.append("")
            lines.append("| lists | \(metric) [95 % CI] | upstream | random | vs upstream (paired) | vs random (paired) |")
            lines.append("| --- | --- | --- | --- | --- | --- |")
            lines.append(row("tuning (\(tuning.lists), chose it: optimistic)", tuning))
            lines.append(row("confirmation (\(confirmation.lists), never seen by the choice)", confirmation))
            lines.append("")
            lines.append(
                "The confirmation tests one configuration, chosen before its lists were looked at, so its p-value needs no correction "
                    + "for the \(selectionCount) compared while choosing; the tuning row does, and is shown only beside it.")
            if let cost = confirmationCost {
                lines.append("")
                lines.append(
                    "Cost of the chosen configuration per confirmation list: \(TuneResult.cost(cost.calls)) calls, "
                        + "\(TuneResult.cost(cost.prefillTokens)) prefilled tokens, \(TuneResult.cost(cost.endpointSeconds)) endpoint s, "
                        + "\(TuneResult.cost(cost.wallSeconds)) wall s; \(cost.degradedLists) degraded.")
            }
        } else {
            lines.append("No point of any candidate was above the upstream order on the tuning lists, so nothing was confirmed.")
        }
        lines.append("")
        lines.append("Written: `\(written.name)` (\(confirmed ? "confirmed" : "the upstream order, kept")).")
        lines.append("")
        lines.append("## Run")
        lines.append("")
        lines.append(
            "Wall time \(String(format: "%.1f", wallSeconds)) s (tuning \(String(format: "%.1f", tuningSeconds)) s, confirmation "
                + "\(String(format: "%.1f", confirmationSeconds)) s); \(cache.misses) endpoint calls, \(cache.hits) answered from the cache, "
                + "\(cache.failures) failed. Seed \(evaluation.seed), \(evaluation.bootstrapSamples) bootstrap samples, \(evaluation.randomDraws) random draws."
        )
        if let software { lines.append("Software: \(software).") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func row(_ label: String, _ test: Confirmation) -> String {
        let chosen =
            "\(TuneResult.number(test.chosen.mean)) [\(TuneResult.number(test.chosen.low)), \(TuneResult.number(test.chosen.high))]"
        func comparison(_ comparison: PairedComparison?) -> String {
            guard let comparison else { return "–" }
            return
                "\(TuneResult.signed(comparison.difference.mean)) [\(TuneResult.signed(comparison.difference.low)), "
                + "\(TuneResult.signed(comparison.difference.high))], \(TuneResult.p(comparison.pValue))"
        }
        return
            "| \(label) | \(chosen) | \(TuneResult.number(test.upstream.mean)) | \(test.random.map { TuneResult.number($0.mean) } ?? "–") | "
            + "\(comparison(test.againstUpstream)) | \(comparison(test.againstRandom)) |"
    }
}
