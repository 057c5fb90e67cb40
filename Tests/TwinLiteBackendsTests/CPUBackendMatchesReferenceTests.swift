import Testing
import TwinLiteBackends
import TwinLiteCore
import TwinLiteNN
import _TwinLiteTestSupport

/// `cpu` (oneDNN, BN folded, PAM skipped only when provably exact) equals the pure-Swift
/// `reference` network on every sample frame (same masks; logits as close as two float32
/// implementations can be, `LogitTolerance.betweenImplementations`), and batches equal single images.
@Suite(.serialized) struct CPUBackendMatchesReferenceTests {
  @Test(.enabled(if: BackendFixtures.available, "needs the official checkpoint in ../shared"))
  func sampleFramesMatchReference() throws {
    let weights = try BackendFixtures.stateDict()
    let cpu = try CPUBackend(stateDict: weights, threads: 2)
    let reference = try ReferenceBackend(stateDict: weights)
    let images = try BackendFixtures.sampleImages()
    #expect(images.count == 7)
    for image in images {
      let input = try BackendFixtures.input(image)
      let fast = try cpu.infer(input)
      let slow = try reference.infer(input)
      for (name, a, b) in [("da", fast.da, slow.da), ("ll", fast.ll, slow.ll)] {
        let delta = BackendFixtures.maxAbsDifference(a, b)
        #expect(delta <= LogitTolerance.betweenImplementations, "\(image) \(name): max |Δ| = \(delta)")
        // Folding (and everything else) leaves the argmax masks unchanged.
        #expect(BackendFixtures.mask(a) == BackendFixtures.mask(b), "\(image) \(name): masks differ")
      }
    }
  }

  @Test(.enabled(if: BackendFixtures.available, "needs the official checkpoint in ../shared"))
  func computedAttentionGivesTheSameBitsAsTheSkip() throws {
    let weights = try BackendFixtures.stateDict()
    let input = try BackendFixtures.input(BackendFixtures.imageDirectory + "/caeb782d-4a20b7c4.jpg")
    let skipping = try CPUBackend(
      stateDict: weights, threads: 2, options: CPUBackendOptions(pam: .skipWhenExact))
    let computing = try CPUBackend(stateDict: weights, threads: 2, options: CPUBackendOptions(pam: .compute))
    let a = try skipping.infer(input)
    let b = try computing.infer(input)
    #expect(skipping.lastSkippedPAMImages == 1)
    #expect(computing.lastSkippedPAMImages == 0)
    #expect(a.da.data.map(\.bitPattern) == b.da.data.map(\.bitPattern))
    #expect(a.ll.data.map(\.bitPattern) == b.ll.data.map(\.bitPattern))
  }

  @Test(.enabled(if: BackendFixtures.available, "needs the official checkpoint in ../shared"))
  func batchOfTwoEqualsSingleImages() throws {
    let cpu = try CPUBackend(stateDict: try BackendFixtures.stateDict(), threads: 1)
    let images = try BackendFixtures.sampleImages()
    let first = try BackendFixtures.input(images[0])
    let second = try BackendFixtures.input(images[1])
    let batch = Tensor(shape: [2, 3, 360, 640], data: first.data + second.data)
    let both = try cpu.infer(batch)
    let one = try cpu.infer(first)
    let two = try cpu.infer(second)
    #expect(both.da.shape == [2, 2, 360, 640])
    #expect(both.da.data == one.da.data + two.da.data)
    #expect(both.ll.data == one.ll.data + two.ll.data)
  }
}
