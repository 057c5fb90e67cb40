import TwinLiteCore

/// Everything that can be wrong with a label file, with enough context to find the culprit.
public enum LabelError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file cannot be opened or mapped.
  case unreadable(file: String, reason: String)
  /// The bytes are not JSON (or not the expected top-level shape).
  case malformedJSON(file: String, byteOffset: Int, reason: String)
  /// A frame-level field is missing or has the wrong type.
  case invalidFrame(file: String, frame: String, reason: String)
  /// One label (index in the frame's label list, 0-based) is invalid.
  case invalidLabel(file: String, frame: String, labelIndex: Int, reason: String)
  /// A decoded drivable label map holds a value its encoding does not define.
  case invalidLabelMap(file: String, value: UInt8, pixelIndex: Int)
  /// A frame name that breaks the `FrameName` rule. `entry` is the element's position in an
  /// array file (nil for a per-image file); `name` is already quoted for printing.
  case invalidFrameName(file: String, entry: Int?, name: String, problem: FrameName.Problem)

  public var file: String {
    switch self {
    case .unreadable(let file, _), .malformedJSON(let file, _, _), .invalidFrame(let file, _, _),
      .invalidLabel(let file, _, _, _), .invalidLabelMap(let file, _, _),
      .invalidFrameName(let file, _, _, _):
      file
    }
  }

  public var description: String {
    switch self {
    case .unreadable(let file, let reason):
      "\(file): cannot read: \(reason)"
    case .malformedJSON(let file, let offset, let reason):
      "\(file): malformed JSON at byte \(offset): \(reason)"
    case .invalidFrame(let file, let frame, let reason):
      "\(file): frame '\(frame)': \(reason)"
    case .invalidLabel(let file, let frame, let index, let reason):
      "\(file): frame '\(frame)', label \(index): \(reason)"
    case .invalidLabelMap(let file, let value, let pixel):
      "\(file): label map value \(value) at pixel \(pixel) is not defined by its encoding"
    case .invalidFrameName(let file, let entry, let name, let problem):
      "\(FrameName.printable(file)): \(entry.map { "entry \($0): " } ?? "")frame name \(name) rejected: "
        + "\(problem)"
    }
  }
}
