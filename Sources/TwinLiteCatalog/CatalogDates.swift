import Foundation

/// Dates are stored as ISO 8601 text in UTC with milliseconds, readable in the sqlite3 shell.
enum CatalogDates {
  static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

  static func text(_ date: Date?) -> String? { date.map { $0.formatted(style) } }

  static func date(_ text: String?) -> Date? {
    guard let text else { return nil }
    return try? style.parse(text)
  }
}
