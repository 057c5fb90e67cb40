import TwinLiteCore
import TwinLiteImageIO
import TwinLiteModel

/// Label preparation of the official loader (`DataSet.py`, `MyDataset.__getitem__`):
/// `cv2.imread(path, 0)` → `cv2.resize(label, (640, 360))` (INTER_LINEAR, before thresholding) →
/// foreground iff the resized value is `> 1`.
///
/// For 0/255 masks at 1280×720 this is exactly 2×2 OR-pooling; a mask stored as 0/1 becomes all
/// background, as upstream.
public enum AccuracyLabels {
  /// A class map (0 background, 1 foreground) at the network's 640×360 from the PNG at `path`.
  public static func read(path: String) throws -> [UInt8] {
    let image = try PNGDecoder.read(path: path)
    return prepare(grayscale(image))
  }

  /// `cv2.imread(path, IMREAD_GRAYSCALE)`: gray as is, gray+alpha its gray sample, RGB(A) and
  /// palette colours through OpenCV's fixed-point `0.299 R + 0.587 G + 0.114 B`.
  public static func grayscale(_ image: PNGImage) -> Mask {
    let n = image.width * image.height
    var out = [UInt8](repeating: 0, count: n)
    func gray(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
      // OpenCV's cvtColor RGB2GRAY coefficients in 14-bit fixed point, rounded.
      let red: Int = Int(r) * 4899
      let green: Int = Int(g) * 9617
      let blue: Int = Int(b) * 1868
      return UInt8((red + green + blue + 8192) >> 14)
    }
    switch image.colorType {
    case .gray:
      out = image.pixels
    case .grayAlpha:
      for i in 0..<n { out[i] = image.pixels[2 * i] }
    case .rgb, .rgba:
      let c = image.channels
      for i in 0..<n { out[i] = gray(image.pixels[c * i], image.pixels[c * i + 1], image.pixels[c * i + 2]) }
    case .palette:
      let entries = image.palette.count / 3
      let table: [UInt8] = (0..<256).map { k in
        k < entries ? gray(image.palette[3 * k], image.palette[3 * k + 1], image.palette[3 * k + 2]) : 0
      }
      for i in 0..<n { out[i] = table[Int(image.pixels[i])] }
    }
    return Mask(width: image.width, height: image.height, pixels: out)
  }

  /// Resizes `mask` to `width`×`height` with `Resize.linear` (OpenCV INTER_LINEAR semantics) and
  /// thresholds `> 1`: the class map, one byte per pixel, 0 or 1.
  public static func prepare(
    _ mask: Mask, width: Int = TwinLiteInput.width, height: Int = TwinLiteInput.height
  ) -> [UInt8] {
    let resized: [UInt8]
    if mask.width == width && mask.height == height {
      resized = mask.pixels
    } else {
      // Resize works on 3-channel images: the three channels are identical, so any one is the
      // single-channel result (OpenCV's per-channel arithmetic is the same).
      var rgb = [UInt8](repeating: 0, count: 3 * mask.pixels.count)
      for (i, v) in mask.pixels.enumerated() {
        rgb[3 * i] = v
        rgb[3 * i + 1] = v
        rgb[3 * i + 2] = v
      }
      let image = InterleavedImage(width: mask.width, height: mask.height, order: .rgb, pixels: rgb)
      let small = Resize.linear(image, width: width, height: height)
      resized = (0..<(width * height)).map { small.pixels[3 * $0] }
    }
    return resized.map { $0 > 1 ? 1 : 0 }
  }
}
