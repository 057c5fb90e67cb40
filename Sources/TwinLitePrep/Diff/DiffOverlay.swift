import Foundation
import TwinLiteImageIO

/// Side-by-side RGB PNGs of the worst frames: A's mask | B's mask | the difference, with gaps of
/// `gap` dark-gray pixels. The difference panel shows pixels in both trees white, in A only
/// orange and in B only blue, over the frame's photo darkened (when `images/<split>/NAME.jpg` of
/// the same size is in tree A or B), else over black.
enum DiffOverlay {
  static let gap = 8
  static let both: (UInt8, UInt8, UInt8) = (255, 255, 255)
  static let onlyA: (UInt8, UInt8, UInt8) = (255, 140, 0)
  static let onlyB: (UInt8, UInt8, UInt8) = (0, 150, 255)

  /// Writes one PNG per entry of `worst` into `folder` as `SPLIT-HEAD-RANK-NAME.png` (rank from 1
  /// within the head) and sets its `overlay` path; returns the ones that could not be written.
  static func write(
    _ worst: inout [DiffWorstFrame], trees: (a: MaskTreeLayout, b: MaskTreeLayout), folder: String,
    jobs: [DiffJob]
  ) -> [DiffFrameProblem] {
    let byFrame = Dictionary(jobs.map { ("\($0.split)/\($0.frame)", $0) }, uniquingKeysWith: { x, _ in x })
    let digits = String(max(worst.count, 1)).count
    var ranks: [MaskHead: Int] = [:]
    var problems: [DiffFrameProblem] = []
    // Level 1 with the Sub filter: photos and flat panels compress well enough, fast.
    let writer = PNGWriter(options: PNGWriteOptions(level: 1, strategy: .defaultStrategy, filters: .sub))
    for index in worst.indices {
      let entry = worst[index]
      ranks[entry.head, default: 0] += 1
      let rank = String(ranks[entry.head]!)
      let padded = String(repeating: "0", count: max(0, digits - rank.count)) + rank
      let path = "\(folder)/\(entry.split)-\(entry.head.rawValue)-\(padded)-\(entry.frame).png"
      guard let pair = byFrame["\(entry.split)/\(entry.frame)"]?.pairs.first(where: { $0.head == entry.head })
      else { continue }
      do {
        let a = try ComparedMask.read(path: pair.a)
        let b = try ComparedMask.read(path: pair.b)
        let photo = self.photo(
          split: entry.split, frame: entry.frame, trees: trees, width: a.width, height: a.height)
        let width = 3 * a.width + 2 * gap
        try writer.writeRGB(width: width, height: a.height, pixels: compose(a, b, photo: photo), to: path)
        worst[index].overlay = path
      } catch {
        problems.append(
          DiffFrameProblem(
            split: entry.split, frame: entry.frame, head: entry.head, file: path,
            problem: "overlay not written: \(error)"))
      }
    }
    return problems
  }

  /// The three panels as interleaved RGB, `(3 * width + 2 * gap) * height * 3` bytes.
  static func compose(_ a: ComparedMask, _ b: ComparedMask, photo: [UInt8]?) -> [UInt8] {
    let (w, h) = (a.width, a.height)
    let stride = 3 * w + 2 * gap
    var out = [UInt8](repeating: 48, count: stride * h * 3)
    func put(_ x: Int, _ y: Int, _ c: (UInt8, UInt8, UInt8)) {
      let o = 3 * (y * stride + x)
      out[o] = c.0
      out[o + 1] = c.1
      out[o + 2] = c.2
    }
    for y in 0..<h {
      for x in 0..<w {
        let i = y * w + x
        let (inA, inB) = (a.values[i] != 0, b.values[i] != 0)
        put(x, y, inA ? both : (0, 0, 0))
        put(w + gap + x, y, inB ? both : (0, 0, 0))
        let background: (UInt8, UInt8, UInt8) =
          photo.map { ($0[3 * i] / 3, $0[3 * i + 1] / 3, $0[3 * i + 2] / 3) } ?? (0, 0, 0)
        put(2 * (w + gap) + x, y, inA ? (inB ? both : onlyA) : (inB ? onlyB : background))
      }
    }
    return out
  }

  /// The frame's RGB pixels from `images/<split>/NAME.jpg` in tree A, else B, when it has the masks' size.
  static func photo(
    split: String, frame: String, trees: (a: MaskTreeLayout, b: MaskTreeLayout), width: Int, height: Int
  ) -> [UInt8]? {
    guard let decoder = try? JPEGDecoder() else { return nil }
    for root in [trees.a.root, trees.b.root] {
      let path = "\(root)/images/\(split)/\(frame).jpg"
      guard FileManager.default.fileExists(atPath: path),
        let image = try? decoder.decode(contentsOf: path, order: .rgb),
        image.width == width, image.height == height
      else { continue }
      return image.pixels
    }
    return nil
  }
}
