/// Heap sort whose comparison picks the best of a small set (setwise ranking, Zhuang et al., SIGIR 2024).
///
/// The heap is `setSize − 1`-ary, so each sift step is one question: "which of this parent and its
/// children is best?". Building the heap and extracting the top `topK` costs about
/// `(K + topK·log_d K)` such questions instead of the `K·log2 K` pairwise ones of a merge sort.
public struct SetwiseHeapSort: Sendable {
    public let setSize: Int
    public let topK: Int

    public init(setSize: Int, topK: Int) {
        self.setSize = max(2, setSize)
        self.topK = max(0, topK)
    }

    /// `items` in upstream order (best first); `best` answers with the position in the set it was given of
    /// the best item, or nil when it could not tell (the set's earliest item in upstream order then wins, so
    /// a model that says nothing leaves the upstream order as it was). Returns the top `min(topK, count)`
    /// best first, then the rest in their upstream order.
    public func sort(_ items: [Int], best: (_ set: [Int]) async -> Int?) async -> [Int] {
        var heap = items
        let count = heap.count
        guard count > 1, topK > 0 else { return items }
        let arity = setSize - 1
        var upstreamPosition: [Int: Int] = [:]
        for (position, item) in items.enumerated() { upstreamPosition[item] = position }
        func earliest(_ set: [Int]) -> Int {
            set.indices.min { (upstreamPosition[set[$0]] ?? 0) < (upstreamPosition[set[$1]] ?? 0) } ?? 0
        }

        func siftDown(_ start: Int, _ end: Int) async {
            var parent = start
            while true {
                let firstChild = arity * parent + 1
                guard firstChild < end else { return }
                let children = Array(firstChild..<min(firstChild + arity, end))
                let set = [heap[parent]] + children.map { heap[$0] }
                let pick = await best(set).flatMap { set.indices.contains($0) ? $0 : nil } ?? earliest(set)
                guard pick > 0 else { return }
                let child = children[pick - 1]
                heap.swapAt(parent, child)
                parent = child
            }
        }

        // Build bottom-up: every node with a child, last first.
        var node = (count - 2) / arity
        while node >= 0 {
            await siftDown(node, count)
            node -= 1
        }
        var top: [Int] = []
        let wanted = min(topK, count)
        var end = count
        while top.count < wanted {
            top.append(heap[0])
            end -= 1
            guard end > 0 else { break }
            heap[0] = heap[end]
            await siftDown(0, end)
        }
        let placed = Set(top)
        return top + items.filter { !placed.contains($0) }
    }
}
