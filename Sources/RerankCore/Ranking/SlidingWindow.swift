/// The windows a listwise pass ranks when there are more candidates than one prompt holds: from the
/// bottom of the list up, so a strong candidate near the bottom can climb all the way to the top.
public enum SlidingWindow {
    /// Half-open position ranges, in the order they are ranked. The last one always starts at 0, and
    /// together they cover every position even when the window and step do not divide the count.
    public static func plan(count: Int, window: Int, step: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let window = max(2, window)
        guard count > window else { return [0..<count] }
        let step = min(max(1, step), window - 1)
        var ranges: [Range<Int>] = []
        var end = count
        while true {
            let start = max(0, end - window)
            ranges.append(start..<end)
            if start == 0 { break }
            end -= step
        }
        return ranges
    }
}
