/// `HEIGHTxWIDTH` of `speed --input-size`: both positive multiples of 8, since the encoder halves the
/// resolution three times and the decoder must upsample back to the same size.
public enum SpeedInputSize {
  /// Height and width, or nil when `text` is not two positive multiples of 8 joined by `x`.
  public static func parse(_ text: String) -> (height: Int, width: Int)? {
    let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
    guard parts.count == 2, let h = Int(parts[0]), let w = Int(parts[1]) else { return nil }
    guard h > 0, w > 0, h % 8 == 0, w % 8 == 0, h <= 8192, w <= 8192 else { return nil }
    return (h, w)
  }
}
