import Testing
import TwinLiteCore

/// The frame-name rule: one path component, no separators or control characters, not `.`/`..`,
/// valid UTF-8, at most 255 bytes with its extension; and names quoted so messages cannot be forged.
@Suite struct FrameNameRuleTests {
  @Test(arguments: [
    "0a0a0b1a-7c39d841", "b1c66a42-6f7d68ca", "frame with spaces", "ünïcödé-名前", ".hidden", "a..b", "#3",
    String(repeating: "x", count: 251),
  ])
  func realNamesPass(_ name: String) {
    #expect(FrameName.problem(name) == nil)
  }

  @Test func everyBreakIsNamed() {
    #expect(FrameName.problem("") == .empty)
    #expect(FrameName.problem(".") == .dotName)
    #expect(FrameName.problem("..") == .dotName)
    #expect(FrameName.problem("../../etc/passwd") == .separator("/"))
    #expect(FrameName.problem("/tmp/x") == .separator("/"))
    #expect(FrameName.problem("sub/dir") == .separator("/"))
    #expect(FrameName.problem("..\\..\\x") == .separator("\\"))
    #expect(FrameName.problem("a\u{0}b") == .nul)
    #expect(FrameName.problem("line\nbreak") == .control(0x0A))
    #expect(FrameName.problem("esc\u{1B}[31m") == .control(0x1B))
    #expect(FrameName.problem("del\u{7F}") == .control(0x7F))
    #expect(FrameName.problem("c1\u{85}") == .control(0x85))
    #expect(FrameName.problem(String(repeating: "x", count: 252)) == .tooLong(bytes: 256, suffix: ".jpg"))
    // Bytes, not characters: 84 three-byte characters are 252 bytes.
    #expect(FrameName.problem(String(repeating: "名", count: 84)) == .tooLong(bytes: 256, suffix: ".jpg"))
    #expect(FrameName.problem(String(repeating: "x", count: 255), suffix: "") == nil)
    #expect(
      FrameName.problem(String(repeating: "x", count: 244), suffix: "_overlay.png")
        == .tooLong(
          bytes: 256, suffix: "_overlay.png"))
  }

  @Test func rawBytesMustBeUTF8() {
    #expect(FrameName.problem(bytes: Array("bad".utf8) + [0xFF] + Array("name".utf8)) == .notUTF8)
    #expect(FrameName.problem(bytes: [0xC3, 0x28]) == .notUTF8)
    #expect(FrameName.problem(bytes: Array("fine".utf8)) == nil)
    #expect(FrameName.problem(bytes: Array("a/b".utf8)) == .separator("/"))
  }

  @Test func descriptionsSayWhatIsWrong() {
    #expect("\(FrameName.Problem.separator("/"))" == "contains '/' (a frame name is one path component)")
    #expect("\(FrameName.Problem.control(0x1B))" == "contains control character U+001B")
    #expect(
      "\(FrameName.Problem.tooLong(bytes: 304, suffix: ".jpg"))"
        == "is 304 bytes with '.jpg', more than the 255 a file name can have")
  }

  @Test func quotedNamesCannotForgeOutput() {
    #expect(FrameName.quoted("plain-name") == "'plain-name'")
    #expect(FrameName.quoted("two\nlines") == "'two\\u{0A}lines'")
    #expect(FrameName.quoted("esc\u{1B}[2J") == "'esc\\u{1B}[2J'")
    #expect(FrameName.quoted("a\u{0}b") == "'a\\u{00}b'")
    #expect(FrameName.quoted("..\\x") == "'..\\\\x'")
    #expect(FrameName.quoted("it's") == "'it\\'s'")
    // Right-to-left override: shown escaped, so the name reads as what it is.
    #expect(FrameName.quoted("abc\u{202E}gpj.exe") == "'abc\\u{202E}gpj.exe'")
    #expect(FrameName.quoted(bytes: Array("bad".utf8) + [0xFF]) == "'bad\\x{FF}'")
    #expect(FrameName.quoted(String(repeating: "y", count: 2000)).hasSuffix("'… (2000 bytes)"))
    #expect(FrameName.printable("/data/bdd100k/x.json") == "/data/bdd100k/x.json")
    #expect(FrameName.printable("/data/a\nb.json") == "'/data/a\\u{0A}b.json'")
  }
}
