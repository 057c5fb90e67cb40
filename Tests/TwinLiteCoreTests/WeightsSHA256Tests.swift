import Foundation
import Testing
import TwinLiteCore
import _TwinLiteTestSupport

/// The SHA-256 that identifies weights in bench runs, against FIPS 180-4 vectors and the checkpoint's
/// published hash.
@Suite struct WeightsSHA256Tests {
  @Test func knownVectors() {
    #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    #expect(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test func streamingEqualsOneShot() {
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    var hasher = SHA256()
    for chunk in stride(from: 0, to: bytes.count, by: 63) {
      hasher.update(bytes[chunk..<min(chunk + 63, bytes.count)])
    }
    #expect(hasher.finalizeHex() == SHA256.hex(bytes))
  }

  @Test(.enabled(if: Fixtures.sharedAvailable, "needs the checkpoint in ../shared"))
  func officialCheckpoint() throws {
    #expect(
      try SHA256.hex(fileAt: Fixtures.path("reference/twinlitenet/best.pth"))
        == "98ffc6c8abc98fda72052117249ce4e2dbc85e58cfcfc6ee2d42f5398c772463")
  }
}
