import ArgumentParser

/// `score --relevance`: how a list's relevance to its context is measured.
enum RelevanceBackend: String, CaseIterable, ExpressibleByArgument {
    case tfidf
    case bm25
    case embeddings
    case judge
}
