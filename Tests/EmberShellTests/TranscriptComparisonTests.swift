import EmberShell
import Testing

/// `replay --check`'s two ways of comparing a replay with its transcript.
@Suite struct TranscriptComparisonTests {
    static let recorded = """

        In [1]: x = randn(2)
        Out[1]: tensor([ 0.7378, -1.2500])

        # replay: numbers vary
        In [2]: fit(net, train, epochs=1)
        epoch 1: loss 0.4512, accuracy 87.25%, 27,439 img/s

        # replay: output varies
        In [3]: evaluate(net, test)
        most confused: 4 → 9 (12 times)

        """

    static let variations: [CellVariation] = [.none, .numbers, .output]

    func mismatch(_ replay: String, _ comparison: TranscriptComparison = .tolerant) -> String? {
        transcriptMismatch(
            expected: Self.recorded, actual: replay, comparison: comparison, variations: Self.variations,
            expectedName: "t", actualName: "r")
    }

    func replaced(_ old: String, _ new: String) -> String {
        Self.recorded.replacingOccurrences(of: old, with: new)
    }

    @Test func directivesAreReadFromTheCommentary() {
        #expect(CellVariation.declared(in: ["Train.", "replay: numbers vary"]) == .numbers)
        #expect(CellVariation.declared(in: [" replay:  output varies "]) == .output)
        #expect(CellVariation.declared(in: ["replay: sometimes"]) == CellVariation.none)
        #expect(CellVariation.declared(in: []) == CellVariation.none)
    }

    @Test func anExactCheckRefusesTheLastDigit() {
        #expect(mismatch(Self.recorded, .exact) == nil)
        let report = mismatch(replaced("0.7378", "0.7379"), .exact)
        #expect(report?.contains("-Out[1]: tensor([ 0.7378, -1.2500])") == true)
        #expect(report?.contains("+Out[1]: tensor([ 0.7379, -1.2500])") == true)
    }

    @Test func aTolerantCheckAllowsOneUnitOfThePrintedPrecision() {
        #expect(mismatch(replaced("0.7378", "0.7379")) == nil)
        #expect(mismatch(replaced("-1.2500", "-1.2499")) == nil)
        let report = mismatch(replaced("0.7378", "0.7380"))
        #expect(report?.hasPrefix("cell 1: 0.7380 differs from 0.7378 by more than its printed precision\n") == true)
        #expect(mismatch(replaced("-1.2500", "1.2500")) != nil)
        #expect(mismatch(replaced("tensor([", "array([")) != nil)
    }

    @Test func markedCellsCompareOnlyWhatTheyPromise() {
        // Numbers vary: any numbers, the same words.
        #expect(
            mismatch(replaced("loss 0.4512, accuracy 87.25%, 27,439", "loss 0.3999, accuracy 90.5%, 1,234,567")) == nil)
        #expect(mismatch(replaced("accuracy 87.25%", "precision 87.25%")) != nil)
        // Output varies: anything, but the input must stay.
        #expect(mismatch(replaced("4 → 9 (12 times)", "7 → 1 (3 times)\nand more")) == nil)
        let report = mismatch(replaced("evaluate(net, test)", "evaluate(net, train)"))
        #expect(report?.hasPrefix("cell 3: the input differs") == true)
    }

    @Test func aChangeOfStructureShowsTheWholeDiff() {
        let report = mismatch(Self.recorded + "In [4]: 1\nOut[4]: 1\n")
        #expect(report?.hasPrefix("--- t\n+++ r\n") == true)
    }

    @Test func numbersAreReadAsPrinted() {
        #expect(mismatch(replaced("0.7378", "7.378e-01")) == nil)
        #expect(
            transcriptMismatch(
                expected: "\nIn [1]: e\nOut[1]: 2.62e-06 conv1 0.weight",
                actual: "\nIn [1]: e\nOut[1]: 2.63e-06 conv1 0.weight",
                comparison: .tolerant, variations: [.none], expectedName: "t", actualName: "r") == nil)
        #expect(
            transcriptMismatch(
                expected: "\nIn [1]: e\nOut[1]: conv1", actual: "\nIn [1]: e\nOut[1]: conv2",
                comparison: .tolerant, variations: [.none], expectedName: "t", actualName: "r") != nil)
    }
}
