import Testing
import TwinLiteCore
import TwinLiteDataset

/// PNG drivable label maps (decoded elsewhere) mapped to output masks; the two id orders differ.
@Suite struct DrivableMapEncodingTests {
  static let map = Mask(width: 3, height: 1, pixels: [0, 1, 2])

  @Test func bdd2020Ids() throws {
    #expect(
      try DrivableMapEncoding.bdd2020.drivableMask(from: Self.map, format: .twinlite, file: "m.png").pixels
        == [255, 255, 0])
    #expect(
      try DrivableMapEncoding.bdd2020.drivableMask(from: Self.map, format: .bdd100k, file: "m.png").pixels
        == [0, 1, 2])
  }

  @Test func bdd2018Ids() throws {
    #expect(
      try DrivableMapEncoding.bdd2018.drivableMask(from: Self.map, format: .twinlite, file: "m.png").pixels
        == [0, 255, 255])
    #expect(
      try DrivableMapEncoding.bdd2018.drivableMask(from: Self.map, format: .bdd100k, file: "m.png").pixels
        == [2, 0, 1])
  }

  @Test func undefinedValuesNameFileAndPixel() {
    let map = Mask(width: 2, height: 2, pixels: [0, 1, 2, 7])
    let error = #expect(throws: LabelError.self) {
      try DrivableMapEncoding.bdd2020.drivableMask(from: map, format: .twinlite, file: "x_drivable_id.png")
    }
    #expect(error == .invalidLabelMap(file: "x_drivable_id.png", value: 7, pixelIndex: 3))
    #expect(error?.description.contains("x_drivable_id.png") == true)
  }
}
