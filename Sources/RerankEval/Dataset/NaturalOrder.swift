/// Orders ids as a person would (`2` before `10`), numbers before other text, so sampled lists do not depend
/// on the order rows happened to be in.
enum NaturalOrder {
    static func precedes(_ left: String, _ right: String) -> Bool {
        switch (Int(left), Int(right)) {
        case let (l?, r?): return l != r ? l < r : left < right
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return left < right
        }
    }
}
