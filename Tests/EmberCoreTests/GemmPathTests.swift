// Ember's own matrix product: its AVX-512, AVX2 and portable paths give the same bits on
// every shape, layout and input (NaN and infinity included), close to a Double reference; a
// split by rows changes nothing; and the OpenBLAS backend still works.

import EmberCore
import Testing

/// One product's operands and its C before the product.
private struct GemmCase: CustomStringConvertible {
    var transposeA = false, transposeB = false
    var m: Int, n: Int, k: Int
    var lda: Int, ldb: Int, ldc: Int
    var accumulate = false
    var a: [Float], b: [Float], c: [Float]

    /// Random operands from `seed`, each row stride `padding` more than its width.
    init(
        m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, accumulate: Bool, padding: Int, seed: UInt64
    ) {
        (self.m, self.n, self.k) = (m, n, k)
        (self.transposeA, self.transposeB, self.accumulate) = (transposeA, transposeB, accumulate)
        lda = (transposeA ? m : k) + padding
        ldb = (transposeB ? k : n) + padding
        ldc = n + padding
        let generator = Generator(seed: seed)
        func values(_ count: Int) -> [Float] {
            var values = [Float](repeating: 0, count: count)
            values.withUnsafeMutableBufferPointer { generator.fillNormal($0, mean: 0, std: 1) }
            return values
        }
        a = values((transposeA ? k : m) * lda)
        b = values((transposeB ? n : k) * ldb)
        c = values(m * ldc)
    }

    var description: String {
        "\(m)×\(n)×\(k) transposeA \(transposeA) transposeB \(transposeB) accumulate \(accumulate) lda \(lda)"
    }

    /// opA[i][p] and opB[p][j] as stored.
    func opA(_ i: Int, _ p: Int) -> Float { transposeA ? a[p * lda + i] : a[i * lda + p] }
    func opB(_ p: Int, _ j: Int) -> Float { transposeB ? b[j * ldb + p] : b[p * ldb + j] }

    /// C after the product on `path`, or nil when the processor cannot run it.
    func run(_ path: BLAS.KernelPath) -> [Float]? {
        var out = c
        let ran = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    guard let a = pa.baseAddress, let b = pb.baseAddress, let c = pc.baseAddress else { return false }
                    return BLAS.gemm(
                        path: path, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a,
                        lda: lda, b: b, ldb: ldb, accumulate: accumulate, c: c, ldc: ldc)
                }
            }
        }
        return ran ? out : nil
    }
}

/// Shapes around the tile and vector widths (1, 15, 16, 17, 33), deep k (several blocks of k),
/// and a B large enough to be packed, in every transpose pair, padded or not, both with C
/// cleared and accumulated into.
private let cases: [GemmCase] = {
    var cases: [GemmCase] = []
    let shapes = [
        (1, 1, 1), (15, 16, 17), (16, 17, 15), (17, 33, 16), (33, 15, 1), (13, 47, 600), (25, 10, 576),
        (10, 576, 25), (20, 64, 250), (3, 700, 400), (70, 1, 33),
    ]
    var seed: UInt64 = 10
    for (m, n, k) in shapes {
        for transposes in 0..<4 {
            seed += 1
            cases.append(
                GemmCase(
                    m: m, n: n, k: k, transposeA: transposes & 1 != 0, transposeB: transposes & 2 != 0,
                    accumulate: seed % 2 == 0, padding: Int(seed % 3) * 3, seed: seed))
        }
    }
    return cases
}()

/// The first index where `x` and `y` differ in their bits, NaN matching NaN whatever its
/// payload (which IEEE 754 leaves open), or nil when they agree throughout.
private func firstDifference(_ x: [Float], _ y: [Float]) -> Int? {
    guard x.count == y.count else { return Swift.min(x.count, y.count) }
    return x.indices.first { x[$0].bitPattern != y[$0].bitPattern && !(x[$0].isNaN && y[$0].isNaN) }
}

/// Checks that `path` gives the portable path's bits on every case.
private func expectSameBitsAsPortable(_ path: BLAS.KernelPath, cases: [GemmCase]) throws {
    for test in cases {
        let expected = try #require(test.run(.portable))
        let result = try #require(test.run(path))
        let index = firstDifference(result, expected)
        #expect(index == nil, "\(path) on \(test): \(index.map { "\(result[$0]) ≠ \(expected[$0]) at \($0)" } ?? "")")
    }
}

@Suite struct GemmPathTests {
    @Test(.enabled(if: BLAS.KernelPath.avx512.isSupported, "this processor has no AVX-512: path not tested"))
    func avx512GivesThePortableBits() throws {
        try expectSameBitsAsPortable(.avx512, cases: cases)
    }

    @Test(.enabled(if: BLAS.KernelPath.avx2.isSupported, "this processor has no AVX2+FMA: path not tested"))
    func avx2GivesThePortableBits() throws {
        try expectSameBitsAsPortable(.avx2, cases: cases)
    }

    @Test func portableFollowsTheDefinitionElementByElement() throws {
        // The definition written out: one fused multiply-add per step of k, in order.
        for test in cases.prefix(24) {
            let result = try #require(test.run(.portable))
            for i in 0..<test.m {
                for j in 0..<test.n {
                    var acc: Float = 0
                    for p in 0..<test.k { acc = acc.addingProduct(test.opA(i, p), test.opB(p, j)) }
                    if test.accumulate { acc = test.c[i * test.ldc + j] + acc }
                    #expect(result[i * test.ldc + j].bitPattern == acc.bitPattern, "(\(i), \(j)) of \(test)")
                }
            }
        }
    }

    @Test func everyPathIsCloseToADoubleReference() throws {
        for test in cases {
            for path in BLAS.KernelPath.allCases where path.isSupported {
                let result = try #require(test.run(path))
                for i in 0..<test.m {
                    for j in 0..<test.n {
                        var exact = test.accumulate ? Double(test.c[i * test.ldc + j]) : 0
                        var magnitude = Swift.abs(exact)
                        for p in 0..<test.k {
                            let term = Double(test.opA(i, p)) * Double(test.opB(p, j))
                            exact += term
                            magnitude += Swift.abs(term)
                        }
                        let error = Swift.abs(Double(result[i * test.ldc + j]) - exact)
                        #expect(error <= 1e-6 * Double(test.k + 1) * magnitude + 1e-30, "(\(i), \(j)) of \(test)")
                    }
                }
                // The padding of C between rows is never written.
                for i in 0..<test.m {
                    for j in test.n..<test.ldc {
                        #expect(result[i * test.ldc + j].bitPattern == test.c[i * test.ldc + j].bitPattern)
                    }
                }
            }
        }
    }

    @Test func nanAndInfinityGiveTheSameResultOnEveryPath() throws {
        var specials: [GemmCase] = []
        for (index, value) in [Float.nan, .infinity, -.infinity, .greatestFiniteMagnitude].enumerated() {
            for transposes in 0..<4 {
                var test = GemmCase(
                    m: 17, n: 33, k: 40, transposeA: transposes & 1 != 0, transposeB: transposes & 2 != 0,
                    accumulate: index % 2 == 0, padding: 1, seed: UInt64(100 + transposes))
                test.a[3 * 7] = value
                test.b[5] = value
                test.b[test.b.count - 2] = -value
                test.c[2] = value
                specials.append(test)
            }
        }
        for path in BLAS.KernelPath.allCases where path.isSupported {
            try expectSameBitsAsPortable(path, cases: specials)
        }
        let result = try #require(specials[4].run(.portable))
        #expect(result.contains { $0 == .infinity || $0 == -.infinity || $0.isNaN })
    }

    @Test(.enabled(if: BLAS.backend == .ember, "EMBER_BLAS selects OpenBLAS"))
    func aSplitByRowsGivesTheBitsOfOneCall() throws {
        for transposeA in [false, true] {
            // Large enough for the chunks to run on two threads.
            let test = GemmCase(
                m: 301, n: 130, k: 90, transposeA: transposeA, transposeB: !transposeA, accumulate: true, padding: 2,
                seed: 7)
            #expect(test.m * test.n * test.k >= Parallel.concurrencyThreshold)
            var whole = test.c
            var split = test.c
            try test.a.withUnsafeBufferPointer { pa in
                try test.b.withUnsafeBufferPointer { pb in
                    let (a, b) = (try #require(pa.baseAddress), try #require(pb.baseAddress))
                    try whole.withUnsafeMutableBufferPointer { pc in
                        BLAS.gemm(
                            transposeA: transposeA, transposeB: !transposeA, m: test.m, n: test.n, k: test.k, a: a,
                            lda: test.lda, b: b, ldb: test.ldb, accumulate: true, c: try #require(pc.baseAddress),
                            ldc: test.ldc)
                    }
                    try split.withUnsafeMutableBufferPointer { pc in
                        BLAS.gemmSplittingRows(
                            transposeA: transposeA, transposeB: !transposeA, m: test.m, n: test.n, k: test.k, a: a,
                            lda: test.lda, b: b, ldb: test.ldb, accumulate: true, c: try #require(pc.baseAddress),
                            ldc: test.ldc)
                    }
                }
            }
            #expect(firstDifference(whole, split) == nil, "transposeA \(transposeA)")
        }
    }
}
