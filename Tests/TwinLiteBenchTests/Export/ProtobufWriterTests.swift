import Testing
import TwinLiteBench

/// The hand-written encoder follows the protobuf wire format (examples from protobuf.dev "Encoding").
@Suite struct ProtobufWriterTests {
  @Test func varintsFollowTheSpecExamples() {
    var w = ProtobufWriter()
    w.int(1, 150)  // the spec's "08 96 01"
    #expect(w.bytes == [0x08, 0x96, 0x01])
    var big = ProtobufWriter()
    big.varint(300)
    #expect(big.bytes == [0xAC, 0x02])
  }

  @Test func negativeInt64TakesTenBytes() {
    var w = ProtobufWriter()
    w.int(3, -1)
    #expect(w.bytes == [0x18] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
  }

  @Test func stringsAndNestedMessagesAreLengthDelimited() {
    var w = ProtobufWriter()
    w.string(2, "testing")  // the spec's "12 07 74 65 73 74 69 6e 67"
    #expect(w.bytes == [0x12, 0x07] + Array("testing".utf8))
    var outer = ProtobufWriter()
    outer.message(3) { $0.int(1, 150) }  // the spec's "1a 03 08 96 01"
    #expect(outer.bytes == [0x1A, 0x03, 0x08, 0x96, 0x01])
  }

  @Test func floatsAreLittleEndianFixed32() {
    var w = ProtobufWriter()
    w.float(2, 1.0)
    #expect(w.bytes == [0x15, 0x00, 0x00, 0x80, 0x3F])
  }
}
