import Ember
import Foundation
import Testing

/// Each schedule against values worked out by hand from PyTorch's formulas.
@Suite struct LearningRateScheduleTests {
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

    @Test func stepScheduleHalvesEveryTwoSteps() {
        let schedule = LearningRateSchedule.step(size: 2, gamma: 0.5)
        let rates = (0..<6).map { schedule.rate(at: $0, initial: 0.1) }
        #expect(zip(rates, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]).allSatisfy(LearningRateScheduleTests.close))
    }

    @Test func exponentialScheduleMultipliesEveryStep() {
        let schedule = LearningRateSchedule.exponential(gamma: 0.9)
        let rates = (0..<4).map { schedule.rate(at: $0, initial: 1) }
        #expect(zip(rates, [1, 0.9, 0.81, 0.729]).allSatisfy(LearningRateScheduleTests.close))
    }

    @Test func cosineScheduleReachesTheMinimumAtThePeriod() {
        // T = 4, η₀ = 1, ηmin = 0.2: 0.2 + 0.8 (1 + cos(π t / 4)) / 2, so t = 2 gives 0.6
        // and t = 1 gives 0.2 + 0.4 (1 + √2 / 2).
        let schedule = LearningRateSchedule.cosine(period: 4, minimum: 0.2)
        #expect(LearningRateScheduleTests.close(schedule.rate(at: 0, initial: 1), 1))
        #expect(
            LearningRateScheduleTests.close(schedule.rate(at: 1, initial: 1), 0.2 + 0.4 * (1 + 2.0.squareRoot() / 2)))
        #expect(LearningRateScheduleTests.close(schedule.rate(at: 2, initial: 1), 0.6))
        #expect(LearningRateScheduleTests.close(schedule.rate(at: 4, initial: 1), 0.2))
    }

    @Test func oneCycleRisesToTheMaximumThenFallsToTheFloor() {
        // max 1, 11 steps, pct 0.3 (peak at step 0.3·11 − 1 = 2.3), div 10, final div 100:
        // starts at 0.1, peaks at 1, ends at step 10 at 0.1 / 100 = 0.001.
        let schedule = LearningRateSchedule.oneCycle(
            maximum: 1, totalSteps: 11, warmupFraction: 0.3, initialDivisor: 10, finalDivisor: 100)
        #expect(LearningRateScheduleTests.close(schedule.rate(at: 0, initial: 0), 0.1))
        // Step 1 of the rise: u = 1 / 2.3, rate = 1 + (0.1 − 1)(1 + cos(π u)) / 2.
        let u = 1 / 2.3
        #expect(
            LearningRateScheduleTests.close(schedule.rate(at: 1, initial: 0), 1 - 0.9 * (1 + cos(Double.pi * u)) / 2))
        #expect(LearningRateScheduleTests.close(schedule.rate(at: 10, initial: 0), 0.001))
        let rates = (0...10).map { schedule.rate(at: $0, initial: 0) }
        #expect(rates.max() ?? 0 <= 1)
        #expect(rates[3] > rates[4] && rates[2] > rates[1])
    }

    @Test func invalidSettingsAreRefusedByName() {
        #expect(throws: EmberError.self) { try LearningRateSchedule.step(size: 0, gamma: 0.1).validate() }
        #expect(throws: EmberError.self) { try LearningRateSchedule.cosine(period: 5, minimum: -1).validate() }
        #expect(throws: EmberError.self) {
            try LearningRateSchedule.oneCycle(
                maximum: 1, totalSteps: 10, warmupFraction: 1.5, initialDivisor: 25, finalDivisor: 1e4
            ).validate()
        }
    }
}
