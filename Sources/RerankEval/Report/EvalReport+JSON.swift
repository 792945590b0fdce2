import Foundation
import JSONLines
import RerankCore

extension EvalReport {
    /// report.json: every number the report shows and the per-list values behind them. Everything outside
    /// `run` depends only on the lists, the settings and the model's answers, so a cached rerun reproduces it exactly.
    public var json: OutputJSON {
        let names = summary.metricNames
        return .object([
            ("format", .string("rerank-agent-eval/1")),
            (
                "lists",
                .object([
                    ("source", .string(listsSource)),
                    ("count", .int(summary.listIDs.count)),
                    ("without_relevant", .int(summary.listsWithoutRelevant)),
                    ("ids", .array(summary.listIDs.map(OutputJSON.string))),
                ])
            ),
            ("endpoint", .object([("base_url", .string(baseURL)), ("model", .string(model))])),
            ("software", softwareJSON),
            (
                "settings",
                .object([
                    ("seed", .int(Int(truncatingIfNeeded: settings.seed))),
                    ("gain", .string(settings.metrics.gain.rawValue)),
                    ("discount", .string("log2(rank + 1)")),
                    ("ndcg_cutoffs", .array(settings.metrics.ndcgCutoffs.map(OutputJSON.int))),
                    ("recall_cutoffs", .array(settings.metrics.recallCutoffs.map(OutputJSON.int))),
                    ("random_draws", .int(settings.randomDraws)),
                    ("bootstrap_samples", .int(settings.bootstrapSamples)),
                    (
                        "position_sweep",
                        .array(configurations.filter { settings.positionSweep || $0.positionSweep }.map { OutputJSON.string($0.name) })
                    ),
                    ("tie_break", .string("rankings are strict orders; baseline score ties keep the shown order")),
                ])
            ),
            ("metrics", .array(names.map(OutputJSON.string))),
            ("configurations", .array(configurations.map(\.json))),
            (
                "systems",
                .array(
                    summary.rows.filter { $0.placement == .asGiven }.map { row in
                        var members: [(String, OutputJSON)] = [
                            ("system", .string(row.system)),
                            (
                                "kind",
                                .string(
                                    row.configuration != nil
                                        ? "configuration" : summary.importedSystems.contains(row.system) ? "imported_run" : "baseline")
                            ),
                            ("lists", .int(row.listCount)),
                            ("metrics", Self.estimatesJSON(row.estimates, names: names)),
                        ]
                        if let usage = row.usage {
                            members.append(("validity", usage.validityJSON))
                            members.append(("cost", usage.costJSON))
                            if !usage.logits.isEmpty { members.append(("logits", usage.logits.outputJSON)) }
                        }
                        members.append(
                            ("per_list", .object(zip(names, row.perList).map { ($0, .array($1.map { OutputJSON.rounded($0) })) })))
                        return .object(members)
                    })
            ),
            (
                "comparisons",
                .array(
                    summary.comparisons.map { comparison in
                        .object([
                            ("system", .string(comparison.system)),
                            ("baseline", .string(comparison.baseline)),
                            ("metric", .string(comparison.metric)),
                            ("mean_difference", .rounded(comparison.result.difference.mean)),
                            ("ci_low", .rounded(comparison.result.difference.low)),
                            ("ci_high", .rounded(comparison.result.difference.high)),
                            ("p_value", .rounded(comparison.result.pValue)),
                            ("p_holm", .rounded(comparison.holmPValue)),
                            ("q_benjamini_hochberg", .rounded(comparison.benjaminiHochbergQValue)),
                        ])
                    })
            ),
            (
                "position_bias",
                .array(
                    summary.rows.filter { $0.placement != .asGiven }.map { row in
                        .object([
                            ("system", .string(row.system)),
                            ("position", .string(row.placement.name)),
                            ("lists", .int(row.listCount)),
                            ("metrics", Self.estimatesJSON(row.estimates, names: names)),
                        ])
                    })
            ),
            ("run", runJSON),
        ])
    }

    /// The version, commit and local model digest, null when not recorded.
    var softwareJSON: OutputJSON {
        guard let software else { return .null }
        let commit: OutputJSON = software.commit.map(OutputJSON.string) ?? .null
        let digest: OutputJSON = software.localModelSHA256.map(OutputJSON.string) ?? .null
        return .object([("version", .string(software.version)), ("commit", commit), ("local_model_sha256", digest)])
    }

    /// The part of report.json that differs between runs: times, wall latencies, cache use.
    var runJSON: OutputJSON {
        let formatter = ISO8601DateFormatter()
        return .object([
            ("started_at", .string(formatter.string(from: run.startedAt))),
            ("finished_at", .string(formatter.string(from: run.finishedAt))),
            ("wall_seconds", .rounded(run.wallSeconds, places: 1000)),
            ("concurrency", .int(settings.concurrency)),
            (
                "cache",
                .object([
                    ("path", run.cachePath.map(OutputJSON.string) ?? .null),
                    ("hits", .int(run.cache.hits)),
                    ("misses", .int(run.cache.misses)),
                    ("failures", .int(run.cache.failures)),
                ])
            ),
            (
                "wall_latency_ms",
                .object(
                    summary.rows.filter { $0.placement == .asGiven }.compactMap { row in
                        row.usage.map {
                            (
                                row.system,
                                OutputJSON.object([
                                    ("p50", .rounded($0.wallP50, places: 1)), ("p95", .rounded($0.wallP95, places: 1)),
                                    ("cache_hits", .int($0.cacheHits)),
                                ])
                            )
                        }
                    })
            ),
        ])
    }

    static func estimatesJSON(_ estimates: [Estimate], names: [String]) -> OutputJSON {
        .object(
            zip(names, estimates).map { name, estimate in
                (
                    name,
                    .object([("mean", .rounded(estimate.mean)), ("ci_low", .rounded(estimate.low)), ("ci_high", .rounded(estimate.high))])
                )
            })
    }

    /// per-list.jsonl: one line per system, placement and list, with the ranking and every metric.
    public var perListLines: String {
        var text = ""
        for result in results {
            var members: [(String, OutputJSON)] = [
                ("list", .string(summary.listIDs[result.listIndex])),
                ("system", .string(result.system)),
                ("placement", .string(result.placement.name)),
                ("ranking", .array(result.ranking.map(OutputJSON.string))),
                ("metrics", .object(zip(summary.metricNames, result.metrics).map { ($0, OutputJSON.rounded($1)) })),
            ]
            if let usage = result.usage {
                members.append(("degraded", .bool(usage.degraded)))
                members.append(("calls", .int(usage.llmCalls)))
                members.append(("prompt_tokens", .int(usage.promptTokens)))
                members.append(("prefill_tokens", .int(usage.counters.prefillTokens)))
                members.append(("completion_tokens", .int(usage.completionTokens)))
                members.append(("first_try_valid", .int(usage.firstTryValid)))
                members.append(("endpoint_ms", .rounded(usage.endpointMilliseconds, places: 1)))
            }
            text += OutputJSON.object(members).serialized + "\n"
        }
        return text
    }
}

extension EvalConfiguration {
    var json: OutputJSON {
        .object([
            ("name", .string(name)),
            ("strategy", .string(strategy.rawValue)),
            ("prompt", .string(prompt.rawValue)),
            ("votes", .int(votes)),
            ("structured_output", .bool(structuredOutput)),
            ("fusion", .double(fusion)),
            ("position_sweep", .bool(positionSweep)),
        ])
    }
}

extension EvalSummary.UsageTotals {
    var validityJSON: OutputJSON {
        .object([
            ("degraded", .int(degraded)),
            ("votes", .int(counters.votes)),
            ("first_try_valid", .int(counters.firstTryValid)),
            ("first_try_valid_rate", .rounded(firstTryValidRate)),
            ("reasks", .int(counters.reasked)),
            (
                "repairs",
                .object([
                    ("missing", .int(counters.repairs.missing)), ("duplicate", .int(counters.repairs.duplicate)),
                    ("unknown", .int(counters.repairs.unknown)),
                ])
            ),
            ("failed_calls", .int(counters.failedCalls)),
            ("position_echo", positionEcho.map { OutputJSON.rounded($0) } ?? .null),
        ])
    }

    var costJSON: OutputJSON {
        .object([
            ("calls", .int(counters.llmCalls)),
            ("prompt_tokens", .int(counters.promptTokens)),
            ("completion_tokens", .int(counters.completionTokens)),
            ("cached_tokens", .int(counters.cachedTokens)),
            ("prefill_tokens", .int(counters.prefillTokens)),
            ("retries", .int(counters.retries)),
            ("endpoint_ms_per_list_p50", .rounded(endpointP50, places: 1)),
            ("endpoint_ms_per_list_p95", .rounded(endpointP95, places: 1)),
            ("endpoint_seconds_total", .rounded(endpointTotalSeconds, places: 1000)),
        ])
    }
}
