import TwinLiteCore

/// The value layout of a drivable PNG label map (`docs/bdd100k-labels.md` §2.4, §3.3).
public enum DrivableMapEncoding: String, Sendable, Hashable, CaseIterable {
  /// 2020 `labels/drivable/masks/*.png`: 0 direct, 1 alternative, 2 background.
  case bdd2020
  /// 2018 `drivable_maps/labels/*_drivable_id.png`: 0 background, 1 direct, 2 alternative.
  case bdd2018

  /// The area kind of a map value; nil for background; throws for values the encoding lacks.
  func kind(of value: UInt8) -> AreaKind?? {
    switch (self, value) {
    case (.bdd2020, 0), (.bdd2018, 1): .some(.direct)
    case (.bdd2020, 1), (.bdd2018, 2): .some(.alternative)
    case (.bdd2020, 2), (.bdd2018, 0): .some(nil)
    default: nil
    }
  }

  /// Maps a decoded single-channel label map to the output drivable mask: `.twinlite` gives the
  /// 0/255 union of both area kinds, `.bdd100k` the 2020 encoding (0 / 1 / 2 background).
  /// `file` names the map in errors about values the encoding does not define.
  public func drivableMask(from map: Mask, format: MaskFormat, file: String) throws(LabelError) -> Mask {
    var table = [Int16](repeating: -1, count: 256)
    for value in 0...255 {
      guard let kind = kind(of: UInt8(value)) else { continue }
      switch format {
      case .twinlite: table[value] = kind == nil ? 0 : 255
      case .bdd100k: table[value] = Int16(kind?.rawValue ?? 2)
      }
    }
    var out = Mask(width: map.width, height: map.height)
    var bad: (index: Int, value: UInt8)?
    out.pixels.withUnsafeMutableBufferPointer { dst in
      map.pixels.withUnsafeBufferPointer { src in
        table.withUnsafeBufferPointer { lut in
          for i in 0..<src.count {
            let mapped = lut[Int(src[i])]
            if mapped < 0 {
              bad = (i, src[i])
              return
            }
            dst[i] = UInt8(mapped)
          }
        }
      }
    }
    if let bad { throw .invalidLabelMap(file: file, value: bad.value, pixelIndex: bad.index) }
    return out
  }
}
