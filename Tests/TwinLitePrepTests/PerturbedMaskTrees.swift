import Foundation
import TwinLiteCore
import TwinLiteImageIO
import TwinLitePrep
import _TwinLiteTestSupport

/// Our masks of a 24-frame sample (6 val frames) and a "published" tree in YOLOP's layout made
/// from them with known perturbations, one per val frame in name order:
///
/// | frame | published masks |
/// |---|---|
/// | `shifted` | lane mask moved 3 px to the right |
/// | `cut` | drivable pixels of the lower-left quarter removed |
/// | `missing` | no masks at all |
/// | `zeroOne` | both masks stored as 0/1 instead of 0/255 |
/// | `rgb` | unchanged, drivable stored as an RGB PNG |
/// | `same` | unchanged |
///
/// plus `onlyInB`, a copy of `same` under a name we do not have. Train frames are not published.
struct PerturbedMaskTrees: Sendable {
  let sample: String
  let ours: String
  let published: String
  let shifted: String
  let cut: String
  let missing: String
  let zeroOne: String
  let rgb: String
  let same: String
  let onlyInB = "ffffffff-00000000"
  /// The published masks as written (values 0/255, or 0/1 for `zeroOne`), by head and frame.
  let publishedMasks: [MaskHead: [String: Mask]]

  static let shift = 3

  /// Built once per test process; every test only reads it.
  static let shared: Result<PerturbedMaskTrees, any Error> = Result { try build() }

  static func get() throws -> PerturbedMaskTrees { try shared.get() }

  static func build() throws -> PerturbedMaskTrees {
    let sample = try PrepTest.sampleTree(frames: 24, seed: 7, label: "diff-sample")
    let (ours, summary, _) = try PrepTest.convert(sample)
    guard summary.allFailures.isEmpty else {
      throw BuildFailure(description: "prep failed: \(summary.failures)")
    }
    let val = PrepTest.files("\(ours)/segments/val").map { String($0.dropLast(4)) }
    guard val.count == 6 else { throw BuildFailure(description: "expected 6 val frames, got \(val)") }
    let published = try Fixtures.temporaryDirectory("published").appendingPathComponent("yolop").path
    var masks: [MaskHead: [String: Mask]] = [.drivable: [:], .lane: [:]]
    let writer = PNGWriter()
    for head in MaskHead.allCases {
      let folder = "\(published)/\(head == .drivable ? "da_seg_annotations" : "ll_seg_annotations")/val"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      for (index, frame) in val.enumerated() where index != 2 {
        var mask = try PrepTest.mask("\(ours)/\(head == .drivable ? "segments" : "lane")/val/\(frame).png")
        switch (index, head) {
        case (0, .lane): mask = shiftedRight(mask, by: shift)
        case (1, .drivable): mask = cutLowerLeft(mask)
        case (3, _):
          mask = Mask(width: mask.width, height: mask.height, pixels: mask.pixels.map { $0 == 0 ? 0 : 1 })
        default: break
        }
        masks[head]![frame] = mask
        if index == 4 && head == .drivable {
          let rgb = mask.pixels.flatMap { [$0, $0, $0] }
          try writer.writeRGB(
            width: mask.width, height: mask.height, pixels: rgb, to: "\(folder)/\(frame).png")
        } else {
          try writer.write(mask, to: "\(folder)/\(frame).png")
        }
        if index == 5 {
          try writer.write(mask, to: "\(folder)/ffffffff-00000000.png")
        }
      }
    }
    return PerturbedMaskTrees(
      sample: sample, ours: ours, published: published, shifted: val[0], cut: val[1], missing: val[2],
      zeroOne: val[3], rgb: val[4], same: val[5], publishedMasks: masks)
  }

  /// `out[x] = in[x - by]`, zero where nothing moves in.
  static func shiftedRight(_ mask: Mask, by: Int) -> Mask {
    var out = Mask(width: mask.width, height: mask.height)
    for y in 0..<mask.height {
      for x in by..<mask.width { out[x, y] = mask[x - by, y] }
    }
    return out
  }

  static func cutLowerLeft(_ mask: Mask) -> Mask {
    var out = mask
    for y in (mask.height / 2)..<mask.height {
      for x in 0..<(mask.width / 2) { out[x, y] = 0 }
    }
    return out
  }

  struct BuildFailure: Error, CustomStringConvertible {
    let description: String
  }
}
