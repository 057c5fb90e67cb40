import Testing
import TwinLitePrep

/// Flag/environment resolution of the worker, its share of the plan, and `--array` syntax.
@Suite struct DistributedWorkerAssignmentTests {
  @Test func indexComesFromFlagThenEnvironmentInOrder() throws {
    let env = ["SLURM_ARRAY_TASK_ID": "5", "JOB_COMPLETION_INDEX": "6", "TWINLITE_SHARD_COUNT": "8"]
    #expect(try WorkerAssignment.resolve(index: 2, count: nil, environment: env) == .init(index: 2, count: 8))
    #expect(
      try WorkerAssignment.resolve(index: nil, count: nil, environment: env) == .init(index: 5, count: 8))
    let k8s = ["JOB_COMPLETION_INDEX": "6", "AWS_BATCH_JOB_ARRAY_INDEX": "1"]
    #expect(try WorkerAssignment.resolve(index: nil, count: 7, environment: k8s) == .init(index: 6, count: 7))
    let mine = ["TWINLITE_SHARD_INDEX": "0", "SLURM_ARRAY_TASK_ID": "3"]
    #expect(
      try WorkerAssignment.resolve(index: nil, count: 4, environment: mine) == .init(index: 0, count: 4))
  }

  @Test func workerVariablesComeBeforeTheirOlderShardNames() throws {
    let env = [
      "TWINLITE_WORKER_INDEX": "1", "TWINLITE_SHARD_INDEX": "2", "TWINLITE_WORKER_COUNT": "3",
      "TWINLITE_SHARD_COUNT": "9",
    ]
    #expect(
      try WorkerAssignment.resolve(index: nil, count: nil, environment: env) == .init(index: 1, count: 3))
    let old = ["TWINLITE_SHARD_INDEX": "2", "TWINLITE_SHARD_COUNT": "4"]
    #expect(
      try WorkerAssignment.resolve(index: nil, count: nil, environment: old) == .init(index: 2, count: 4))
  }

  @Test func countIsNeverTakenFromTheArraySize() throws {
    let env = ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "1"]
    #expect(try WorkerAssignment.resolve(index: nil, count: nil, environment: env) == nil)
    #expect(throws: DistributedError.self) {
      try WorkerAssignment.resolve(index: 2, count: nil, environment: env)
    }
  }

  @Test func badValuesAreErrors() {
    #expect(throws: DistributedError.self) {
      try WorkerAssignment.resolve(index: 4, count: 4, environment: [:])
    }
    #expect(throws: DistributedError.self) {
      try WorkerAssignment.resolve(index: nil, count: 4, environment: [:])
    }
    #expect(throws: DistributedError.self) {
      try WorkerAssignment.resolve(index: nil, count: 4, environment: ["SLURM_ARRAY_TASK_ID": "x"])
    }
    #expect(throws: DistributedError.self) {
      try WorkerAssignment.resolve(index: 0, count: 0, environment: [:])
    }
  }

  @Test func workersPartitionThePlanShards() throws {
    for (planShards, workers) in [(8, 8), (8, 3), (2, 5), (17, 4)] {
      var seen: [Int] = []
      for index in 0..<workers {
        let shards = try WorkerAssignment(index: index, count: workers).shards(planShardCount: planShards)
        #expect(shards.allSatisfy { $0 % workers == index })
        seen += shards
      }
      #expect(seen.sorted() == Array(0..<planShards))
    }
    #expect(try WorkerAssignment(index: 3, count: 8).name == "worker-00003-of-00008")
  }

  @Test func arraySyntaxCollapsesRuns() {
    #expect(ArraySyntax.format([]) == "")
    #expect(ArraySyntax.format([17, 3]) == "3,17")
    #expect(ArraySyntax.format([9, 0, 1, 2, 3, 3]) == "0-3,9")
    #expect(ArraySyntax.format([4, 5, 7, 8, 9, 11]) == "4-5,7-9,11")
    for list in [[0, 1, 2, 3, 9], [3, 17], [5]] {
      #expect(ArraySyntax.parse(ArraySyntax.format(list)) == list)
    }
    #expect(ArraySyntax.parse("3-1") == nil)
  }
}
