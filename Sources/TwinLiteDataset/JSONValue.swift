/// A parsed JSON value. Numbers are `Double`; the Python literals `NaN`, `Infinity`, `-Infinity`
/// (which `json.dump` writes) are accepted so they can be reported as bad coordinates, not as syntax.
package enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  package subscript(key: String) -> JSONValue? {
    if case .object(let fields) = self { return fields[key] }
    return nil
  }

  package var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }
}

/// A JSON syntax error at a byte offset of the buffer being parsed.
package struct JSONSyntaxError: Error, Sendable {
  package var offset: Int
  package var reason: String
}
