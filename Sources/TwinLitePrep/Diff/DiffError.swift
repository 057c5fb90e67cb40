/// Errors that stop `twinlite-prep diff` before any frame is compared. Problems with single frames
/// (unreadable PNG, size mismatch) are not errors of the run: they are `DiffFrameProblem`s in the
/// report, and the other frames are still compared.
public enum DiffError: Error, CustomStringConvertible, Sendable, Equatable {
  /// A tree's root does not exist or is not a folder.
  case rootNotFound(side: String, path: String)
  /// Neither known pair of mask folders is under the root.
  case noMaskFolders(side: String, root: String, looked: [String])
  /// The requested split is in neither tree.
  case splitNotFound(split: String, looked: [String])
  /// No split folder at all under the mask folders of either tree.
  case noSplits(looked: [String])
  /// `--worst`/`--jobs` out of range.
  case invalidOption(name: String, reason: String)
  /// The overlay folder cannot be created.
  case overlayFolder(path: String, reason: String)

  public var description: String {
    switch self {
    case .rootNotFound(let side, let path):
      return "\(path): mask tree \(side) not found (or not a folder)"
    case .noMaskFolders(let side, let root, let looked):
      return "\(root): no mask folders in tree \(side); looked for:\n  " + looked.joined(separator: "\n  ")
    case .splitNotFound(let split, let looked):
      return "split '\(split)' is in neither tree; looked for:\n  " + looked.joined(separator: "\n  ")
    case .noSplits(let looked):
      return "no split folders (train, val, …) in either tree; looked under:\n  "
        + looked.joined(separator: "\n  ")
    case .invalidOption(let name, let reason):
      return "--\(name): \(reason)"
    case .overlayFolder(let path, let reason):
      return "\(path): cannot create the overlay folder: \(reason)"
    }
  }

  /// Wrong arguments or inputs (exit 2), as opposed to a failure while writing (exit 1).
  public var isUsage: Bool {
    if case .overlayFolder = self { return false }
    return true
  }
}

/// One frame and head that could not be compared, with the file and the reason. The rest of the
/// run goes on.
public struct DiffFrameProblem: Error, Sendable, Equatable, Codable, CustomStringConvertible {
  public var split: String
  public var frame: String
  public var head: MaskHead
  /// The file at fault (the B file for a size mismatch).
  public var file: String
  public var problem: String

  public init(split: String, frame: String, head: MaskHead, file: String, problem: String) {
    self.split = split
    self.frame = frame
    self.head = head
    self.file = file
    self.problem = problem
  }

  public var description: String { "\(file): \(problem)" }
}
