import Foundation

/// A currency by its ISO 4217 code, with the number of digits its minor unit has (cents: 2,
/// yen: 0). Only the currencies listed are accepted: an unknown code is a typing mistake far
/// more often than a real currency, and the digits must be known to store amounts exactly.
public struct Currency: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let code: String
    public let minorDigits: Int

    static let known: [String: Int] = [
        "USD": 2, "EUR": 2, "GBP": 2, "CAD": 2, "AUD": 2, "NZD": 2, "MXN": 2, "BRL": 2, "COP": 2, "ARS": 2,
        "CLP": 0, "PEN": 2, "GTQ": 2, "DOP": 2, "CHF": 2, "SEK": 2, "NOK": 2, "DKK": 2, "PLN": 2, "CZK": 2,
        "JPY": 0, "KRW": 0, "INR": 2, "ZAR": 2, "KES": 2, "NGN": 2, "GHS": 2, "PHP": 2, "SGD": 2, "HKD": 2,
    ]

    /// All accepted codes, sorted, for a form's choices.
    public static let codes: [String] = known.keys.sorted()

    public init?(code: String) {
        let code = code.trimmingCharacters(in: .whitespaces).uppercased()
        guard let digits = Self.known[code] else { return nil }
        self.code = code
        minorDigits = digits
    }

    public var description: String { code }
    public static func < (lhs: Currency, rhs: Currency) -> Bool { lhs.code < rhs.code }

    /// Minor units in one major unit: 100 for cents.
    public var minorPerMajor: Int64 { [1, 10, 100, 1000][minorDigits] }
}

/// An amount of money: an exact count of minor units of one currency. Never a floating-point
/// number, and never added to an amount of another currency.
public struct Money: Hashable, Sendable {
    public let currency: Currency
    public let minorUnits: Int64

    /// The largest amount accepted at entry (10¹⁵ minor units: ten trillion dollars). With at
    /// most ``FundingLimits/commitmentsPerInitiative`` commitments, no total can overflow.
    public static let maximumMinorUnits: Int64 = 1_000_000_000_000_000

    public init(_ minorUnits: Int64, _ currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Reads an amount as a person types it: digits with an optional decimal point and at most
    /// the currency's minor digits, thousands separated by commas or spaces (`12,500.50`).
    /// Exact: the text is read digit by digit, never through a `Double`. Negative amounts,
    /// more decimals than the currency has, and amounts above the maximum are refused (nil).
    public static func parse(_ text: String, currency: Currency) -> Money? {
        let cleaned = text.trimmingCharacters(in: .whitespaces).filter { $0 != "," && $0 != " " && $0 != "\u{00A0}" }
        guard !cleaned.isEmpty, cleaned.count <= 30 else { return nil }
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return nil }
        let whole = parts[0], fraction = parts.count == 2 ? parts[1] : ""
        guard !whole.isEmpty, parts.count == 1 || !fraction.isEmpty, fraction.count <= currency.minorDigits,
              (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let digits = String(whole) + String(fraction) + String(repeating: "0", count: currency.minorDigits - fraction.count)
        let significant = digits.drop { $0 == "0" }
        guard significant.count <= 19, let units = Int64(significant.isEmpty ? "0" : String(significant)),
              units <= maximumMinorUnits else { return nil }
        return Money(units, currency)
    }

    /// The amount in major units with its minor digits, without grouping (`12500.50`): what a
    /// form field shows back and what `parse` reads.
    public var plain: String {
        let major = minorUnits / currency.minorPerMajor, minor = abs(minorUnits % currency.minorPerMajor)
        let sign = minorUnits < 0 && major == 0 ? "-" : ""
        guard currency.minorDigits > 0 else { return "\(major)" }
        return sign + "\(major)." + String(repeating: "0", count: currency.minorDigits - String(minor).count) + String(minor)
    }
}

/// Amounts kept apart by currency: the only honest total of money in several currencies.
public struct MoneyTotals: Hashable, Sendable {
    public private(set) var byCurrency: [Currency: Int64] = [:]

    public init() {}

    public init(_ amounts: [Money]) {
        for amount in amounts { add(amount) }
    }

    /// Adds without overflow: amounts are bounded at entry and their number per initiative too.
    public mutating func add(_ amount: Money) {
        byCurrency[amount.currency, default: 0] += amount.minorUnits
    }

    public mutating func add(_ other: MoneyTotals) {
        for (currency, units) in other.byCurrency { byCurrency[currency, default: 0] += units }
    }

    public var isEmpty: Bool { byCurrency.values.allSatisfy { $0 == 0 } }

    /// One amount per currency, by code.
    public var amounts: [Money] { byCurrency.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { Money($0.value, $0.key) } }

    public func amount(in currency: Currency) -> Money { Money(byCurrency[currency] ?? 0, currency) }
}

/// Bounds that keep every total within 64 bits.
public enum FundingLimits {
    public static let commitmentsPerInitiative = 5_000
    /// A commitment spans at most fifty years.
    public static let longestSpanDays = 18_263
}

extension Texts {
    /// An amount with its currency, grouped as the language writes numbers: "USD 12,500.50",
    /// "12.500,50 USD". Exact: the whole part is an integer, the minor digits are written as stored.
    public func money(_ amount: Money) -> String {
        let currency = amount.currency
        let major = (abs(amount.minorUnits) / currency.minorPerMajor).formatted(.number.locale(language.locale))
        let minor = abs(amount.minorUnits) % currency.minorPerMajor
        let decimal = language.locale.decimalSeparator ?? "."
        let digits = currency.minorDigits == 0 ? "" : decimal + String(repeating: "0", count: currency.minorDigits - String(minor).count) + String(minor)
        let number = (amount.minorUnits < 0 ? "−" : "") + major + digits
        return language == .es ? "\(number) \(currency.code)" : "\(currency.code) \(number)"
    }

    /// Several currencies' amounts, one after the other; a dash when there is nothing.
    public func money(_ totals: MoneyTotals) -> String {
        totals.isEmpty ? "—" : totals.amounts.map(money).joined(separator: " · ")
    }
}
