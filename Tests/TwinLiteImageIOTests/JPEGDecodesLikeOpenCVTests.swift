import Foundation
import Testing
import TwinLiteImageIO
import _TwinLiteTestSupport

/// `JPEGDecoder` gives the bytes `cv2.imread(path)` gives (OpenCV 4.6, the official loader's call):
/// EXIF orientations 1–8 applied (with OpenCV's reading rules: only the first APP1 segment, either
/// byte order), CMYK and YCCK files converted with OpenCV's formula, grayscale
/// and progressive files, and a file cut short decoded like OpenCV under `acceptWarnings`.
/// PIL writes the test files and OpenCV reads them (`scripts/opencv-imread.py`); YCCK, which PIL
/// cannot write, comes from TurboJPEG.
@Suite(
  .enabled(
    if: OpenCVOracle.available, "needs /usr/bin/python3 with cv2 and PIL (python3-opencv, python3-pil)"))
struct JPEGDecodesLikeOpenCVTests {
  @Test func everyFileDecodesToOpenCVsBytes() throws {
    let dir = try Fixtures.temporaryDirectory("jpeg-opencv")
    defer { try? FileManager.default.removeItem(at: dir) }
    try OpenCVOracle.python(["make", dir.path])
    let ycck = dir.appendingPathComponent("ycck.jpg").path
    try Data(JPEGTestImages.ycck(width: 40, height: 24)).write(to: URL(fileURLWithPath: ycck))
    let names =
      (1...8).map { "orientation-\($0)" }
      + ["xmp-then-exif-6", "motorola-8", "cmyk", "ycck", "gray", "progressive", "baseline", "truncated"]
    let files = names.map { dir.appendingPathComponent($0 + ".jpg").path }
    let output = try OpenCVOracle.python(["read"] + files)
    let shapes = try #require(
      try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
    let decoder = try JPEGDecoder()
    decoder.acceptWarnings = true
    for file in files {
      let shape = try #require(shapes[file] as? [Int], "OpenCV could not read \(file)")
      let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file + ".bgr")))
      let image = try decoder.decode(contentsOf: file, order: .bgr)
      #expect([image.height, image.width] == shape, "\(file)")
      let differing = zip(image.pixels, expected).filter { $0 != $1 }.count
      #expect(image.pixels.count == expected.count && differing == 0, "\(file): \(differing) bytes differ")
    }
    // The orientations really turn the frame: 5…8 swap width and height.
    #expect(shapes[files[4]] as? [Int] == [48, 32])
    #expect(shapes[files[0]] as? [Int] == [32, 48])
  }

  @Test func cutShortFileIsRefusedUnlessWarningsAreAccepted() throws {
    let dir = try Fixtures.temporaryDirectory("jpeg-opencv-cut")
    defer { try? FileManager.default.removeItem(at: dir) }
    try OpenCVOracle.python(["make", dir.path])
    let file = dir.appendingPathComponent("truncated.jpg").path
    #expect {
      try JPEGDecoder().decode(contentsOf: file)
    } throws: { error in
      guard case .damaged(let path, "JPEG", let message)? = error as? ImageIOError else { return false }
      return path == file && message.contains("Premature end of JPEG file")
    }
  }
}

enum OpenCVOracle {
  static let script = Fixtures.packageRoot.appendingPathComponent("scripts/opencv-imread.py").path
  static let interpreter = "/usr/bin/python3"

  static let available: Bool = {
    FileManager.default.isExecutableFile(atPath: interpreter)
      && (try? python(["-c", "import cv2, PIL, numpy"], script: false)) != nil
  }()

  /// Runs the oracle script (or, with `script: false`, python itself) and returns its stdout.
  @discardableResult
  static func python(_ arguments: [String], script useScript: Bool = true) throws -> String {
    let result = try ToolProcess.run(
      executable: URL(fileURLWithPath: interpreter), (useScript ? [script] : []) + arguments)
    guard result.status == 0 else {
      throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "python \(arguments) failed"])
    }
    return result.stdout
  }
}
