#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Checks a JPEG file without decoding it: the SOI marker, the frame header's size and an EOI marker
/// near the end. Reads a few KB however large the file is, so a converter can vet every source
/// image it only links.
public enum JPEGProbe {
  /// Width and height from the first SOFn marker.
  public static func size(path: String) throws(ImageIOError) -> (width: Int, height: Int) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      if errno == ENOENT { throw .fileNotFound(file: path) }
      throw .readFailed(file: path, reason: String(cString: strerror(errno)))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw .readFailed(file: path, reason: String(cString: strerror(errno)))
    }
    let fileSize = Int(info.st_size)
    func read(_ offset: Int, _ count: Int) -> [UInt8] {
      guard offset >= 0, offset < fileSize else { return [] }
      var buffer = [UInt8](repeating: 0, count: min(count, fileSize - offset))
      let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
      return got > 0 ? Array(buffer.prefix(got)) : []
    }
    let head = read(0, 2)
    guard head == [0xFF, 0xD8] else {
      if fileSize < 2 { throw .truncated(file: path, format: "JPEG") }
      throw .notThisFormat(file: path, format: "JPEG")
    }
    // Walk the marker segments up to the frame header (APPn segments may hold up to 64 KB each).
    var at = 2
    var size: (Int, Int)?
    while size == nil {
      let marker = read(at, 9)
      guard marker.count >= 4 else { throw .truncated(file: path, format: "JPEG") }
      guard marker[0] == 0xFF else {
        throw .corrupt(file: path, format: "JPEG", message: "no marker at byte \(at)")
      }
      let code = marker[1]
      if code == 0xFF {  // fill byte
        at += 1
        continue
      }
      let length = Int(marker[2]) << 8 | Int(marker[3])
      guard length >= 2 else {
        throw .corrupt(file: path, format: "JPEG", message: "segment length \(length)")
      }
      switch code {
      case 0xC0...0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
        guard marker.count >= 9 else { throw .truncated(file: path, format: "JPEG") }
        size = (Int(marker[7]) << 8 | Int(marker[8]), Int(marker[5]) << 8 | Int(marker[6]))
      case 0xD9, 0xDA:
        throw .corrupt(file: path, format: "JPEG", message: "no frame header before the scan")
      default:
        at += 2 + length
      }
    }
    // The last bytes must hold the EOI marker (a little trailing padding is tolerated).
    let tail = read(max(0, fileSize - 1024), 1024)
    guard zip(tail, tail.dropFirst()).contains(where: { $0 == 0xFF && $1 == 0xD9 }) else {
      throw .truncated(file: path, format: "JPEG")
    }
    guard let (width, height) = size, width > 0, height > 0 else {
      throw .corrupt(file: path, format: "JPEG", message: "frame header declares a zero size")
    }
    return (width, height)
  }
}
