import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Where outputs go: the default OUT beside ROOT, and the refusal of output folders that would
/// mix outputs with inputs or cannot be folders, before anything is written: OUT equal to ROOT or
/// inside it (a rerun would read its own outputs, and `verify` would see the inputs as strays),
/// or OUT an existing file. Paths are compared after resolving symbolic links, so a link to ROOT
/// is caught too.
public enum OutputPlacement {
  /// The default OUT: `ROOT-twinlite` beside ROOT (`bdd100k/` → `bdd100k-twinlite/`), never
  /// inside it.
  public static func defaultOut(root: String) -> String { InputDetector.normalized(root) + "-twinlite" }

  public static func check(out: String, root: String) throws(DatasetError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw .invalidOption(name: "out", reason: "\(out) exists and is not a folder")
    }
    let resolvedOut = resolved(out)
    let resolvedRoot = resolved(root)
    if resolvedOut == resolvedRoot {
      throw .invalidOption(
        name: "out", reason: "\(out) is the dataset root \(root); choose a folder outside ROOT")
    }
    if resolvedOut.hasPrefix(resolvedRoot == "/" ? "/" : resolvedRoot + "/") {
      throw .invalidOption(
        name: "out", reason: "\(out) is inside the dataset root \(root); choose a folder outside ROOT")
    }
  }

  /// Why TwinLiteNet's loader would misread this output folder: it derives label paths by
  /// replacing `images` and `jpg` anywhere in the image path. Nil when the path is safe.
  public static func loaderPathWarning(out: String) -> String? {
    let path = InputDetector.normalized(out)
    guard path.contains("images") || path.contains("jpg") else { return nil }
    return "warning: \(path) contains 'images' or 'jpg'; TwinLiteNet's loader replaces those strings in the "
      + "whole path and would look for masks in the wrong place"
  }

  /// The absolute path with symbolic links resolved, for the part that exists.
  static func resolved(_ path: String) -> String {
    let absolute = InputDetector.normalized(path)
    if let real = realpath(absolute, nil) {
      defer { free(real) }
      return String(cString: real)
    }
    let parent = (absolute as NSString).deletingLastPathComponent
    guard parent != absolute, !parent.isEmpty else { return absolute }
    let base = resolved(parent)
    return (base == "/" ? "" : base) + "/" + (absolute as NSString).lastPathComponent
  }
}
