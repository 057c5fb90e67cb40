import TwinLiteCore
import TwinLiteImageIO

/// `test_image.py` colouring: on the resized BGR frame, drivable pixels become BGR (255, 0, 0) (blue),
/// then lane pixels BGR (0, 255, 0) (green), so lanes are painted last.
public enum Overlay {
  /// The overlay as interleaved RGB bytes (ready for an RGB PNG).
  public static func rgb(frame: InterleavedImage, drivable: Mask, lane: Mask) -> [UInt8] {
    precondition(
      drivable.width == frame.width && drivable.height == frame.height
        && lane.pixels.count == drivable.pixels.count)
    var bgr = frame.order == .bgr ? frame : frame.swappingRedBlue()
    for i in 0..<drivable.pixels.count {
      if drivable.pixels[i] != 0 {
        bgr.pixels[3 * i] = 255
        bgr.pixels[3 * i + 1] = 0
        bgr.pixels[3 * i + 2] = 0
      }
      if lane.pixels[i] != 0 {
        bgr.pixels[3 * i] = 0
        bgr.pixels[3 * i + 1] = 255
        bgr.pixels[3 * i + 2] = 0
      }
    }
    return bgr.swappingRedBlue().pixels
  }
}
