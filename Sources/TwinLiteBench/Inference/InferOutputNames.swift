import Foundation
import TwinLiteCore

/// The output names of `infer`: each image's stem, checked against the `FrameName` rule, and no
/// two images sharing one (the later would silently replace the earlier's masks).
enum InferOutputNames {
  /// The longest file name made from a stem (`NAME_overlay.png`).
  static let longestSuffix = "_overlay.png"

  /// One stem per image, or every problem found (nothing has been written yet).
  static func stems(_ images: [String]) throws(BenchError) -> [String] {
    var problems: [String] = []
    var first: [String: String] = [:]
    var stems: [String] = []
    for image in images {
      let stem = URL(fileURLWithPath: image).deletingPathExtension().lastPathComponent
      if let problem = FrameName.problem(stem, suffix: longestSuffix) {
        problems.append(
          "\(FrameName.printable(image)): output name \(FrameName.quoted(stem)) rejected: \(problem)")
      } else if let earlier = first[stem] {
        problems.append(
          "\(FrameName.printable(image)): same output name \(FrameName.quoted(stem)) as "
            + "\(FrameName.printable(earlier)); rename one of them")
      } else {
        first[stem] = image
      }
      stems.append(stem)
    }
    guard problems.isEmpty else { throw .unusableInput(problems.joined(separator: "\n")) }
    return stems
  }
}
