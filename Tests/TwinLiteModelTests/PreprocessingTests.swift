import Testing
import TwinLiteCore
import TwinLiteImageIO
import TwinLiteModel
import _TwinLiteTestSupport

/// Expected values below were produced with OpenCV (`cv2.imread`, `cv2.resize`, opencv-python 5.0.0)
/// while developing; the tests themselves need no Python.
@Suite struct PreprocessingTests {
  @Test func turboJPEGDecodeMatchesOpenCVImread() throws {
    let image = try JPEGDecoder().decode(
      contentsOf: Fixtures.path("reference/twinlitenet/images/caeb782d-4a20b7c4.jpg"), order: .bgr)
    #expect(image.width == 1280 && image.height == 720)
    func pixel(_ y: Int, _ x: Int) -> [UInt8] {
      Array(image.pixels[(3 * (y * 1280 + x))..<(3 * (y * 1280 + x) + 3)])
    }
    #expect(
      pixel(0, 0) == [253, 249, 230] && pixel(359, 640) == [147, 146, 120]
        && pixel(719, 1279) == [29, 28, 18])
    #expect(image.pixels.reduce(0) { $0 + Int($1) } == 273_569_866)
    let resized = Resize.linear(image, width: 640, height: 360)
    #expect(resized.pixels.reduce(0) { $0 + Int($1) } == 68_492_109)
    #expect(Array(resized.pixels[(3 * (100 * 640 + 200))..<(3 * (100 * 640 + 200) + 3)]) == [150, 171, 162])
    let rgb = try JPEGDecoder().decode(
      contentsOf: Fixtures.path("reference/twinlitenet/images/caeb782d-4a20b7c4.jpg"), order: .rgb)
    #expect(rgb == image.swappingRedBlue())
  }

  @Test func exactHalvingIsTheRoundedBoxMean() {
    let image = InterleavedImage(
      width: 2, height: 2, order: .bgr,
      pixels: [1, 0, 255, 2, 0, 255, 3, 1, 254, 4, 0, 254])
    let out = Resize.linear(image, width: 1, height: 1)
    #expect(out.pixels == [3, 0, 255])  // (10+2)>>2, (1+2)>>2, (1018+2)>>2
  }

  @Test func generalBilinearMatchesOpenCV() {
    let row = InterleavedImage(width: 2, height: 1, order: .bgr, pixels: [0, 0, 0, 255, 100, 7])
    #expect(Resize.linear(row, width: 4, height: 1).pixels == [0, 0, 0, 64, 25, 2, 191, 75, 5, 255, 100, 7])
    let b = InterleavedImage(
      width: 3, height: 3, order: .bgr,
      pixels: [
        10, 20, 30, 200, 100, 50, 0, 255, 128, 1, 2, 3, 4, 5, 6, 7, 8, 9, 90, 80, 70, 60, 50, 40, 30, 20, 10,
      ])
    #expect(
      Resize.linear(b, width: 2, height: 2).pixels == [43, 31, 27, 39, 164, 83, 62, 55, 48, 30, 22, 15])
    #expect(
      Resize.linear(b, width: 5, height: 4).pixels == [
        10, 20, 30, 86, 52, 38, 200, 100, 50, 80, 193, 97, 0, 255, 128, 4, 9, 13, 33, 21, 17, 78, 41, 23, 33,
        76,
        41, 4, 101, 54, 34, 31, 28, 31, 27, 24, 25, 22, 19, 19, 16, 13, 16, 13, 9, 90, 80, 70, 78, 68, 58, 60,
        50,
        40, 42, 32, 22, 30, 20, 10,
      ])
  }

  @Test func inputTensorIsRGBPlanesOver255() {
    let t = TwinLiteInput.tensor(pixels: [10, 20, 255, 0, 51, 102], width: 2, height: 1, bgr: true)
    #expect(t.shape == [1, 3, 1, 2])
    #expect(t.data == [255 / 255, 102 / 255, Float(20) / 255, Float(51) / 255, Float(10) / 255, 0])
  }
}
