/// One frame to compare: the heads whose mask exists in both trees.
struct DiffJob: Sendable {
  struct Pair: Sendable {
    let head: MaskHead
    let a: String
    let b: String
  }

  let split: String
  let frame: String
  let pairs: [Pair]
}

/// Frames matched by name per split and head: those in both trees become jobs (sorted by split,
/// then name), the rest are listed as unmatched.
struct DiffPlan {
  var jobs: [DiffJob] = []
  var unmatched: [DiffUnmatched] = []

  init(a: MaskTreeLayout, b: MaskTreeLayout, splits: [String]) {
    for split in splits {
      var pairs: [String: [DiffJob.Pair]] = [:]
      for head in MaskHead.allCases {
        let inA = a.masks(head, split: split)
        let inB = b.masks(head, split: split)
        for (frame, pathA) in inA {
          if let pathB = inB[frame] {
            pairs[frame, default: []].append(DiffJob.Pair(head: head, a: pathA, b: pathB))
          } else {
            unmatched.append(DiffUnmatched(split: split, frame: frame, head: head, onlyIn: "A", file: pathA))
          }
        }
        for (frame, pathB) in inB where inA[frame] == nil {
          unmatched.append(DiffUnmatched(split: split, frame: frame, head: head, onlyIn: "B", file: pathB))
        }
      }
      for frame in pairs.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
        jobs.append(DiffJob(split: split, frame: frame, pairs: pairs[frame] ?? []))
      }
    }
    unmatched.sort { x, y in
      (x.split, x.head.rawValue, x.onlyIn, x.frame) < (y.split, y.head.rawValue, y.onlyIn, y.frame)
    }
  }
}
