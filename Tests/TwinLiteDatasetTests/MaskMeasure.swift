import TwinLiteCore
import TwinLiteDataset

/// Measurements on rendered masks shared by the width tests.
enum MaskMeasure {
  /// Number of set pixels in column `x` (foreground = `isSet`).
  static func columnCount(_ mask: Mask, x: Int, isSet: (UInt8) -> Bool = { $0 != 0 }) -> Int {
    (0..<mask.height).reduce(0) { $0 + (isSet(mask[x, $1]) ? 1 : 0) }
  }

  static func rowCount(_ mask: Mask, y: Int, isSet: (UInt8) -> Bool = { $0 != 0 }) -> Int {
    (0..<mask.width).reduce(0) { $0 + (isSet(mask[$1, y]) ? 1 : 0) }
  }

  static func setRows(_ mask: Mask, x: Int) -> [Int] {
    (0..<mask.height).filter { mask[x, $0] != 0 }
  }

  /// For every foreground pixel, min(horizontal run, vertical run) through it: the local line width
  /// of thin lines at any angle, as a histogram.
  static func minimumRunHistogram(_ mask: Mask, isSet: (UInt8) -> Bool) -> [Int: Int] {
    let w = mask.width
    let h = mask.height
    var horizontal = [Int](repeating: 0, count: w * h)
    var vertical = [Int](repeating: 0, count: w * h)
    for y in 0..<h {
      var x = 0
      while x < w {
        guard isSet(mask[x, y]) else {
          x += 1
          continue
        }
        let start = x
        while x < w && isSet(mask[x, y]) { x += 1 }
        for i in start..<x { horizontal[y * w + i] = x - start }
      }
    }
    for x in 0..<w {
      var y = 0
      while y < h {
        guard isSet(mask[x, y]) else {
          y += 1
          continue
        }
        let start = y
        while y < h && isSet(mask[x, y]) { y += 1 }
        for i in start..<y { vertical[i * w + x] = y - start }
      }
    }
    var histogram: [Int: Int] = [:]
    for i in 0..<(w * h) where horizontal[i] > 0 {
      histogram[min(horizontal[i], vertical[i]), default: 0] += 1
    }
    return histogram
  }

  static func lane(
    _ points: [(Double, Double)], type: LaneType = .roadCurb, direction: LaneDirection = .parallel,
    style: LaneStyle = .solid, kinds: String? = nil
  ) -> LaneEdge {
    let vertices = points.map { Point2D($0.0, $0.1) }
    let letters = kinds ?? String(repeating: "L", count: points.count)
    return LaneEdge(
      type: type, direction: direction, style: style,
      poly: Poly2D(vertices: vertices, kinds: letters.map { $0 == "C" ? .curve : .line }, closed: false))
  }
}
