import Foundation
import TwinLiteBackends

/// Options of the CPU plugin, parsed from the ABI's `key=value;key=value` string.
///
/// Keys: `backend` (`cpu` = oneDNN, default; `reference` = pure Swift), `threads` (≥ 1, default 2),
/// `pam` (`compute` or `skipWhenExact`, default `skipWhenExact`).
struct PluginOptions: Equatable {
  var backend = "cpu"
  var threads = 2
  var pam = PAMMode.skipWhenExact

  init(parsing text: String) throws(PluginOptionError) {
    for item in text.split(separator: ";", omittingEmptySubsequences: true) {
      let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard pair.count == 2, !pair[0].isEmpty else { throw .malformed(String(item)) }
      switch pair[0] {
      case "backend":
        guard ["cpu", "reference"].contains(pair[1]) else { throw .badValue(key: "backend", value: pair[1]) }
        backend = pair[1]
      case "threads":
        guard let n = Int(pair[1]), n >= 1 else { throw .badValue(key: "threads", value: pair[1]) }
        threads = n
      case "pam":
        guard let mode = PAMMode(rawValue: pair[1]) else { throw .badValue(key: "pam", value: pair[1]) }
        pam = mode
      default: throw .unknownKey(pair[0])
      }
    }
  }
}

enum PluginOptionError: Error, CustomStringConvertible {
  case malformed(String)
  case unknownKey(String)
  case badValue(key: String, value: String)

  var description: String {
    switch self {
    case .malformed(let item): return "option '\(item)' is not key=value"
    case .unknownKey(let key): return "unknown option '\(key)' (known: backend, threads, pam)"
    case .badValue(let key, let value): return "option \(key)=\(value) is not valid"
    }
  }
}
