import Foundation
import TwinLiteCore

/// Reading a JSON file the user named, with errors that say which key is wrong and how.
enum JSONInput {
  /// Largest JSON input accepted (results and reports are a few KB to a few MB).
  static let maxBytes = 64 << 20

  /// Decodes `T` from the regular file at `path`.
  static func decode<T: Decodable>(_ type: T.Type, path: String, what: String) throws -> T {
    let bytes: [UInt8]
    do { bytes = try RegularFile.read(path, limit: maxBytes) } catch {
      throw BenchError.cannotRead(path: error.path, reason: error.reason)
    }
    return try decode(type, bytes: bytes, source: path, what: what)
  }

  static func decode<T: Decodable>(_ type: T.Type, bytes: [UInt8], source: String, what: String) throws -> T {
    do {
      return try JSONDecoder().decode(type, from: Data(bytes))
    } catch let error as DecodingError {
      if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
        throw BenchError.unusableInput("\(source): not \(what): malformed JSON: \(syntaxProblem(bytes))")
      }
      throw BenchError.unusableInput("\(source): not \(what): \(describe(error))")
    }
  }

  /// Where the JSON syntax breaks: JSONDecoder only says "not valid JSON", JSONSerialization
  /// gives the position ("Invalid value around character 6.").
  static func syntaxProblem(_ bytes: [UInt8]) -> String {
    do {
      _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    } catch {
      if let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
    }
    return "not valid JSON"
  }

  /// `paper.da_miou`, `tables[2].rows[0]`, or `(top level)`.
  static func keyPath(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
      if let index = key.intValue {
        text += "[\(index)]"
      } else {
        text += (text.isEmpty ? "" : ".") + key.stringValue
      }
    }
    return text.isEmpty ? "(top level)" : text
  }

  static func noun(_ type: Any.Type) -> String {
    switch type {
    case is Double.Type, is Float.Type: return "a number"
    case is Int.Type, is Int64.Type: return "an integer"
    case is String.Type: return "a string"
    case is Bool.Type: return "true or false"
    case is [Any].Type: return "an array"
    default:
      let name = String(describing: type)
      return name.hasPrefix("Array") ? "an array" : "an object"
    }
  }

  /// One line naming the key and the problem.
  static func describe(_ error: DecodingError) -> String {
    switch error {
    case .keyNotFound(let key, let context):
      return "\(keyPath(context.codingPath + [key])): missing"
    case .valueNotFound(let type, let context):
      return "\(keyPath(context.codingPath)): is null, expected \(noun(type))"
    case .typeMismatch(let type, let context):
      return "\(keyPath(context.codingPath)): expected \(noun(type))"
    case .dataCorrupted(let context):
      return "\(keyPath(context.codingPath)): \(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }
}
