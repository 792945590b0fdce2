extension AdRequest {
    /// How the ad's language writes words, which decides how a length is asked for: in words where words are
    /// spaced, in characters where they are not, and with examples in that script.
    enum Script: Sendable, Hashable {
        case spaced, chinese, japanese, korean
    }

    /// The script the ad is written in: the language it names, else what its product title is written in.
    var script: Script {
        let language = (constraints.language ?? "").lowercased()
        if language.hasPrefix("ja") || language.contains("japan") || language.contains("日本") { return .japanese }
        if language.hasPrefix("zh") || language.contains("chinese") || language.contains("中文") { return .chinese }
        if language.hasPrefix("ko") || language.contains("korean") || language.contains("한국") { return .korean }
        guard language.isEmpty else { return .spaced }
        let scalars = product.title.unicodeScalars
        if scalars.contains(where: { (0x3040...0x30FF).contains($0.value) }) { return .japanese }
        if scalars.contains(where: { (0xAC00...0xD7A3).contains($0.value) }) { return .korean }
        if scalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) { return .chinese }
        return .spaced
    }
}
