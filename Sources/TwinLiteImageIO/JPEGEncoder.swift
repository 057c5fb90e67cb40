internal import CTwinLiteJPEG

/// Encodes interleaved 8-bit RGB pixels as baseline JPEG with TurboJPEG (`tjCompress2`).
///
/// Keeps one TurboJPEG handle for its lifetime; not thread-safe: one encoder per worker.
public final class JPEGEncoder {
  /// Chroma subsampling of the output.
  public enum Subsampling: Sendable {
    case s444, s422, s420
  }

  public var quality: Int
  public var subsampling: Subsampling
  private let handle: tjhandle

  /// - Parameters:
  ///   - quality: 1...100 (BDD100K's frames are around 75).
  public init(quality: Int = 90, subsampling: Subsampling = .s420) throws(ImageIOError) {
    precondition((1...100).contains(quality), "JPEG quality \(quality) is outside 1...100")
    guard let handle = tjInitCompress() else {
      throw .encodeFailed(format: "JPEG", message: "tjInitCompress failed")
    }
    self.handle = handle
    self.quality = quality
    self.subsampling = subsampling
  }

  deinit {
    tjDestroy(handle)
  }

  /// A JPEG file of `width * height * 3` interleaved RGB bytes.
  public func encodeRGB(width: Int, height: Int, pixels: [UInt8]) throws(ImageIOError) -> [UInt8] {
    guard width > 0, height > 0, width < 65_536, height < 65_536, pixels.count == width * height * 3 else {
      throw .invalidArgument("\(pixels.count) bytes for a \(width)x\(height) RGB image")
    }
    let samp: Int32
    switch subsampling {
    case .s444: samp = Int32(TJSAMP_444.rawValue)
    case .s422: samp = Int32(TJSAMP_422.rawValue)
    case .s420: samp = Int32(TJSAMP_420.rawValue)
    }
    var output: UnsafeMutablePointer<UInt8>? = nil
    var size: UInt = 0
    let code = pixels.withUnsafeBufferPointer { src in
      tjCompress2(
        handle, src.baseAddress, Int32(width), Int32(width * 3), Int32(height), Int32(TJPF_RGB.rawValue),
        &output, &size, samp, Int32(quality), 0)
    }
    defer { if let output { tjFree(output) } }
    guard code == 0, let output else {
      let text = tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown error"
      throw .encodeFailed(format: "JPEG", message: text)
    }
    return [UInt8](UnsafeBufferPointer(start: output, count: Int(size)))
  }

  /// Encodes and writes atomically (temporary name, then rename) to `path`.
  public func writeRGB(width: Int, height: Int, pixels: [UInt8], to path: String) throws(ImageIOError) {
    try AtomicFileWriter.write(encodeRGB(width: width, height: height, pixels: pixels), to: path)
  }
}
