import Foundation

/// Reads the date form of `Retry-After` (RFC 9110's IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`) by hand.
///
/// The header's text comes from the endpoint: Foundation's `DateFormatter` on Linux traps on some non-ASCII
/// input (a letter followed by a combining mark), so hostile bytes never reach it. Only ASCII in the fixed
/// layout is read; anything else is not a date.
public enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdays: Set<String> = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// The instant `text` names, or nil when it is not an IMF-fixdate (GMT or UTC) of a real day.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        // "Sun, 06 Nov 1994 08:49:37 GMT" is 29 bytes, every field at a fixed offset.
        guard bytes.count == 29, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        func field(_ start: Int, _ length: Int) -> String { String(decoding: bytes[start..<start + length], as: UTF8.self) }
        func number(_ start: Int, _ length: Int) -> Int? {
            let digits = bytes[start..<start + length]
            guard digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        guard weekdays.contains(field(0, 3)), field(3, 2) == ", ", bytes[7] == 0x20, bytes[11] == 0x20, bytes[16] == 0x20,
            bytes[19] == 0x3A, bytes[22] == 0x3A, bytes[25] == 0x20, ["GMT", "UTC"].contains(field(26, 3)),
            let day = number(5, 2), let monthIndex = months.firstIndex(of: field(8, 3)), let year = number(12, 4),
            let hour = number(17, 2), let minute = number(20, 2), let second = number(23, 2),
            (1...daysIn(month: monthIndex + 1, year: year)).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        let days = daysSinceEpoch(year: year, month: monthIndex + 1, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given day of the proleptic Gregorian calendar (the civil-from-days
    /// algorithm run backwards; exact for every year a four-digit field holds).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
