import Testing
import TwinLiteBench

/// `speed --input-size`: HEIGHTxWIDTH, both positive multiples of 8.
@Suite struct SpeedInputSizeTests {
  @Test func acceptsMultiplesOfEight() {
    #expect(SpeedInputSize.parse("360x640")! == (360, 640))
    #expect(SpeedInputSize.parse("64X128")! == (64, 128))
  }

  @Test func refusesOtherShapes() {
    for text in [
      "360", "360x", "x640", "361x640", "360x644", "0x640", "-8x640", "360x640x3", "8x16384", "a x b",
    ] {
      #expect(SpeedInputSize.parse(text) == nil, "\(text)")
    }
  }
}
