import Testing
import TwinLiteBackends
import TwinLiteCore
import TwinLiteNN
import _TwinLiteTestSupport

/// The oneDNN backend reproduces the official network's float32 logits for caeb782d-4a20b7c4.
@Suite struct CPUBackendGoldenLogitsTests {
  @Test(.enabled(if: BackendFixtures.available, "needs the official checkpoint in ../shared"))
  func matchesGoldenLogitsAndMasks() throws {
    let backend = try CPUBackend(stateDict: try BackendFixtures.stateDict(), threads: 2)
    let input = try BackendFixtures.input(BackendFixtures.imageDirectory + "/caeb782d-4a20b7c4.jpg")
    let out = try backend.infer(input)
    let golden = try NPY.readArchive(
      contentsOf: Fixtures.path("reference/twinlitenet/numpy_outputs/caeb782d-4a20b7c4_logits.npz"))
    for (name, got) in [("da", out.da), ("ll", out.ll)] {
      let expected = try #require(golden[name]).reshaped([1, 2, 360, 640])
      #expect(got.shape == [1, 2, 360, 640])
      let delta = BackendFixtures.maxAbsDifference(got, expected)
      #expect(delta <= LogitTolerance.golden, "\(name): max |Δ| = \(delta)")
      #expect(BackendFixtures.mask(got) == BackendFixtures.mask(expected), "\(name): argmax masks differ")
    }
  }
}
