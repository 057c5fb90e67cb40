import Testing
import TwinLiteDataset

/// The byte-level JSON parser the readers use: exact decimal numbers (snapping rounds at .5),
/// escapes, Python's non-finite literals, and syntax errors with offsets.
@Suite struct JSONParserTests {
  static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
    try JSONParser.parse(Array(text.utf8))
  }

  @Test func numbersAreCorrectlyRounded() throws {
    let cases = [
      "0.5", "719.5", "-0.25", "1280.64", "123.456789", "1e2", "2.5E-3", "-0", "612", "0.1",
      "1234567890.123456789", "3.141592653589793238",
    ]
    for text in cases {
      #expect(try Self.parse(text) == .number(Double(text)!), "\(text)")
    }
  }

  @Test func stringsAndEscapes() throws {
    #expect(try Self.parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\né😀"))
    #expect(try Self.parse(#""single white""#) == .string("single white"))
  }

  @Test func containersAndLiterals() throws {
    let value = try Self.parse(#" {"a": [1, true, null, {"b": false}], "c": NaN, "d": -Infinity} "#)
    #expect(value["a"] == .array([.number(1), .bool(true), .null, .object(["b": .bool(false)])]))
    guard case .number(let nan)? = value["c"], case .number(let inf)? = value["d"] else {
      Issue.record("expected numbers")
      return
    }
    #expect(nan.isNaN && inf == -.infinity)
  }

  @Test func syntaxErrorsCarryOffsets() {
    for (text, offset) in [
      ("[1, 2", 5), ("{\"a\" 1}", 5), ("[1,]", 3), ("tru", 0), ("\"abc", 4), ("[1] x", 4),
    ] {
      do {
        _ = try Self.parse(text)
        Issue.record("\(text) parsed")
      } catch {
        #expect(error.offset == offset, "\(text): \(error.reason)")
      }
    }
  }
}
