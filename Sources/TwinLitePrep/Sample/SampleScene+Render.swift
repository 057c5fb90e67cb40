extension SampleScene {
  /// The scene as interleaved RGB, 1280×720: sky gradient, ground, road, paint, and mild noise so
  /// the JPEG looks like a photo rather than flat colour.
  public func renderRGB(seed: UInt64) -> [UInt8] {
    let (w, h) = (Self.width, Self.height)
    var rgb = [UInt8](repeating: 0, count: w * h * 3)
    let horizonRow = Int(horizon)
    for y in 0..<h {
      let color: (Double, Double, Double)
      if y < horizonRow {
        let t = Double(y) / Double(max(horizonRow, 1))
        color = (110 + 90 * t, 150 + 70 * t, 215 + 25 * t)
      } else {
        let t = Double(y - horizonRow) / Double(max(h - horizonRow, 1))
        color = (95 - 30 * t, 120 - 30 * t, 70 - 20 * t)
      }
      for x in 0..<w {
        let i = (y * w + x) * 3
        rgb[i] = UInt8(color.0)
        rgb[i + 1] = UInt8(color.1)
        rgb[i + 2] = UInt8(color.2)
      }
    }
    for item in paint { fill(item, into: &rgb) }
    var rng = SplitMix64(seed: seed ^ 0x5eed)
    for i in 0..<rgb.count where i % 3 == 0 {
      let n = Int(rng.next() % 13) - 6
      for c in 0..<3 { rgb[i + c] = UInt8(clamping: Int(rgb[i + c]) + n) }
    }
    return rgb
  }

  /// Even-odd scanline fill sampling pixel centres.
  private func fill(_ item: ScenePaint, into rgb: inout [UInt8]) {
    let poly = item.polygon
    guard poly.count >= 3 else { return }
    let (w, h) = (Self.width, Self.height)
    let minY = max(0, Int(poly.map(\.y).min()!.rounded(.down)))
    let maxY = min(h - 1, Int(poly.map(\.y).max()!.rounded(.up)))
    guard minY <= maxY else { return }
    var crossings: [Double] = []
    for y in minY...maxY {
      let cy = Double(y) + 0.5
      // Dash bands of equal length on the road plane: index ∝ inverse distance below the horizon.
      if item.dashed && Int(1700 / max(cy - horizon + 4, 1)) % 2 == 1 { continue }
      crossings.removeAll(keepingCapacity: true)
      for k in 0..<poly.count {
        let a = poly[k]
        let b = poly[(k + 1) % poly.count]
        if (a.y <= cy) != (b.y <= cy) {
          crossings.append(a.x + (cy - a.y) / (b.y - a.y) * (b.x - a.x))
        }
      }
      crossings.sort()
      var k = 0
      while k + 1 < crossings.count {
        let x0 = max(0, Int((crossings[k] - 0.5).rounded(.up)))
        let x1 = min(w - 1, Int((crossings[k + 1] - 0.5).rounded(.down)))
        if x0 <= x1 {
          for x in x0...x1 {
            let i = (y * w + x) * 3
            rgb[i] = item.rgb.0
            rgb[i + 1] = item.rgb.1
            rgb[i + 2] = item.rgb.2
          }
        }
        k += 2
      }
    }
  }
}
