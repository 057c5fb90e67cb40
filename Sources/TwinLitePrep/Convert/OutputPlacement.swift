import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Refuses output folders that would mix outputs with inputs or cannot be folders, before
/// anything is written: OUT equal to ROOT or inside one of ROOT's input folders (a rerun would
/// read its own outputs, and `verify` would see the inputs as strays), or OUT an existing file.
/// Paths are compared after resolving symbolic links, so a link to ROOT is caught too.
public enum OutputPlacement {
  /// ROOT's folders that hold inputs.
  static let inputFolders = ["labels", "images", "drivable_maps"]

  public static func check(out: String, root: String) throws(PrepError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw .invalidOption(name: "out", reason: "\(out) exists and is not a folder")
    }
    let resolvedOut = resolved(out)
    let resolvedRoot = resolved(root)
    if resolvedOut == resolvedRoot {
      throw .invalidOption(
        name: "out", reason: "\(out) is the dataset root \(root); choose a folder outside ROOT's inputs")
    }
    for folder in inputFolders.map({ "\(resolvedRoot)/\($0)" })
    where resolvedOut == folder || resolvedOut.hasPrefix(folder + "/") {
      throw .invalidOption(
        name: "out",
        reason: "\(out) is inside the dataset's input folder \(folder); choose a folder outside it")
    }
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
