import Foundation

/// The base name each `infer` frame's outputs are written under (`NAME_da.png`, …): the image's file
/// name without its extension. Two frames that would share one are refused before anything is
/// written, since the second would silently replace the first one's files.
public enum InferOutputNames {
  public static func names(for images: [String]) throws(BenchError) -> [String] {
    let names = images.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
    var first: [String: Int] = [:]
    var clashes: [String] = []
    for (index, name) in names.enumerated() {
      if let earlier = first[name] {
        let what = images[earlier] == images[index] ? "is given twice" : "and \(images[index]) share"
        clashes.append("\(images[earlier]) \(what) the output name '\(name)'")
      } else {
        first[name] = index
      }
    }
    guard clashes.isEmpty else {
      throw .invalidArgument(
        "output names collide, so one frame's masks would replace another's: "
          + clashes.joined(separator: "; ") + ". Rename the files or run them into different --out folders")
    }
    return names
  }
}
