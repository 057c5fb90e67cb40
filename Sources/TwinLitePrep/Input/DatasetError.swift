import TwinLiteDataset
import TwinLiteImageIO

/// Problems with the user's dataset: its root, its label files, one frame's labels, map or image,
/// an option that selects from it, or a file the `sample` command cannot write. Every case names
/// the file (and, through the wrapped errors, the label index) and the problem. A frame's error
/// fails that frame only; the run's own failures (OUT, catalog, file system) are `PipelineError`.
public enum DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The dataset root does not exist or is not a folder.
  case rootNotFound(String)
  /// Nothing the tool can read was found under the root for the requested splits.
  case noInputs(root: String, splits: [String], looked: [String])
  /// A command-line option value is invalid.
  case invalidOption(name: String, reason: String)
  /// A label file is broken (malformed JSON, wrong types, bad label …).
  case label(LabelError)
  /// An image or PNG label map is broken or missing.
  case image(ImageIOError)
  /// The frame's JPEG is missing under `images/100k/{split}/`.
  case missingImage(frame: String, expected: String)
  /// The frame is listed (e.g. in the lane JSON) but its drivable PNG map is missing.
  case missingDrivableMap(frame: String, expected: String)
  /// The frame's JPEG resolves, through symbolic links, to a file outside the dataset root.
  case imageOutsideRoot(frame: String, image: String, resolved: String, root: String)
  /// A file of a generated sample tree could not be written.
  case output(file: String, reason: String)

  public var description: String {
    switch self {
    case .rootNotFound(let root):
      return "\(root): dataset root not found (or not a folder)"
    case .noInputs(let root, let splits, let looked):
      return "\(root): no BDD100K labels found for split(s) \(splits.joined(separator: ",")); looked for:\n  "
        + looked.joined(separator: "\n  ")
    case .invalidOption(let name, let reason):
      return "--\(name): \(reason)"
    case .label(let error):
      return error.description
    case .image(let error):
      return error.description
    case .missingImage(let frame, let expected):
      return "\(expected): image of frame '\(frame)' not found (use --no-images to write masks only)"
    case .missingDrivableMap(let frame, let expected):
      return "\(expected): drivable map of frame '\(frame)' not found"
    case .imageOutsideRoot(let frame, let image, let resolved, let root):
      return "\(image): image of frame '\(frame)' leads to \(resolved), outside the dataset root \(root); "
        + "not linked (--follow-image-links allows it)"
    case .output(let file, let reason):
      return "\(file): cannot write output: \(reason)"
    }
  }
}
