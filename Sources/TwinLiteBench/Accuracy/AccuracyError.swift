/// Errors of `twinlite-bench accuracy`, each naming the file or folder at fault.
public enum AccuracyError: Error, Sendable, Equatable, CustomStringConvertible {
  /// `--data` is missing or not a folder.
  case notAFolder(path: String)
  /// The prepared split has no `images/<split>` folder or no JPEG frames in it.
  case noFrames(folder: String)
  /// A frame's drivable-area or lane mask is missing.
  case missingLabel(frame: String, path: String)
  /// A label or prediction is not 640×360 after preparation (programmer error upstream of here).
  case sizeMismatch(file: String, reason: String)
  /// An option value out of range.
  case invalidOption(name: String, reason: String)

  public var description: String {
    switch self {
    case .notAFolder(let path): return "\(path): no such folder (give a twinlite-prep output folder)"
    case .noFrames(let folder): return "\(folder): no .jpg frames (is this a twinlite-prep output folder?)"
    case .missingLabel(let frame, let path): return "\(path): missing label for frame \(frame)"
    case .sizeMismatch(let file, let reason): return "\(file): \(reason)"
    case .invalidOption(let name, let reason): return "--\(name): \(reason)"
    }
  }
}
