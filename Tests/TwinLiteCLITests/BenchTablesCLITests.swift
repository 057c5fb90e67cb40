import Testing
import _TwinLiteTestSupport

@Suite struct BenchTablesCLITests {
  let weights = Fixtures.path("reference/twinlitenet/best.pth")

  @Test func paramsFromArchitectureAndFromFileAgree() throws {
    for arguments in [["params"], ["params", "--weights", weights]] {
      let result = try ToolProcess.run("twinlite-bench", arguments)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout.contains("total learnable parameters: 439,633"))
      #expect(result.stdout.contains("after Conv+BN folding:      439,287"))
      #expect(result.stdout.contains("439,339"))
      #expect(result.stdout.contains("encoder.b2") && result.stdout.contains("154,842"))
    }
  }

  @Test func macsTotalAndPerLayer() throws {
    let result = try ToolProcess.run("twinlite-bench", ["macs"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("total: 4,192,614,000 MACs = 4.193 G"))
    #expect(result.stdout.contains("2,224,065,600"))  // encoder.b2
    let big = try ToolProcess.run("twinlite-bench", ["macs", "--height", "720", "--width", "1280"])
    #expect(big.stdout.contains("1280×720"))
    let bad = try ToolProcess.run("twinlite-bench", ["macs", "--height", "100"])
    #expect(bad.status != 0 && bad.stderr.contains("multiples of 8"))
  }
}
