/// Ranking quality metrics over graded labels.
public enum Metrics {}
