// Learning-rate schedules: the rate for each step of training as a closed formula of the step
// number, as PyTorch's `torch.optim.lr_scheduler` computes them, so a schedule can be checked by
// hand and resumed at any step.

import Foundation

/// How the learning rate changes with the number of scheduler steps taken, t = 0, 1, 2 …
///
/// With η₀ the optimizer's rate when the schedule starts:
/// - `step(size: s, gamma: γ)`: η = η₀ · γ^⌊t / s⌋ (PyTorch's `StepLR`);
/// - `exponential(gamma: γ)`: η = η₀ · γᵗ (`ExponentialLR`);
/// - `cosine(period: T, minimum: ηmin)`: η = ηmin + (η₀ − ηmin) · (1 + cos(π t / T)) / 2
///   (`CosineAnnealingLR`, which continues the cosine past T);
/// - `oneCycle(maximum: ηmax, totalSteps: n, warmupFraction: p, initialDivisor: d, finalDivisor: f)`:
///   from ηmax / d up to ηmax over the first p·n − 1 steps, then down to ηmax / (d · f) at step
///   n − 1, each half a cosine: η = b + (a − b) · (1 + cos(π u)) / 2 going from a to b as u goes
///   from 0 to 1 (`OneCycleLR` with its default cosine annealing; η₀ is not used).
/// ```swift
/// let schedule = LearningRateSchedule.step(size: 30, gamma: 0.1)
/// schedule.rate(at: 45, initial: 0.1)   // 0.01
/// ```
public enum LearningRateSchedule: Sendable, Equatable {
    /// η₀ · γ^⌊t / size⌋: the rate multiplied by γ every `size` steps.
    case step(size: Int, gamma: Double)
    /// η₀ · γᵗ: the rate multiplied by γ every step.
    case exponential(gamma: Double)
    /// Half a cosine from η₀ down to `minimum` over `period` steps.
    case cosine(period: Int, minimum: Double)
    /// Up from `maximum / initialDivisor` to `maximum`, then down to
    /// `maximum / (initialDivisor · finalDivisor)` at step `totalSteps − 1`.
    case oneCycle(
        maximum: Double, totalSteps: Int, warmupFraction: Double, initialDivisor: Double, finalDivisor: Double)

    /// Throws unless the settings give a finite schedule, naming the scheduler and setting.
    public func validate() throws {
        func check(_ scheduler: String, _ name: String, _ valid: Bool, _ value: Any) throws {
            guard valid else {
                throw EmberError.invalidArgument(function: scheduler, message: "invalid \(name): \(value)")
            }
        }
        switch self {
        case .step(let size, let gamma):
            try check("StepLR", "step_size", size > 0, size)
            try check("StepLR", "gamma", gamma.isFinite && gamma >= 0, gamma)
        case .exponential(let gamma):
            try check("ExponentialLR", "gamma", gamma.isFinite && gamma >= 0, gamma)
        case .cosine(let period, let minimum):
            try check("CosineAnnealingLR", "T_max", period > 0, period)
            try check("CosineAnnealingLR", "eta_min", minimum.isFinite && minimum >= 0, minimum)
        case .oneCycle(let maximum, let total, let fraction, let initial, let final):
            try check("OneCycleLR", "max_lr", maximum.isFinite && maximum >= 0, maximum)
            try check("OneCycleLR", "total_steps", total > 1, total)
            try check("OneCycleLR", "pct_start", fraction.isFinite && fraction > 0 && fraction < 1, fraction)
            try check("OneCycleLR", "div_factor", initial.isFinite && initial > 0, initial)
            try check("OneCycleLR", "final_div_factor", final.isFinite && final > 0, final)
        }
    }

    /// The number of steps the schedule is defined for, nil when it goes on for ever.
    public var totalSteps: Int? {
        if case .oneCycle(_, let total, _, _, _) = self { return total }
        return nil
    }

    /// The learning rate after `t` scheduler steps, for a schedule that started at `initial`.
    public func rate(at t: Int, initial: Double) -> Double {
        switch self {
        case .step(let size, let gamma):
            return initial * pow(gamma, Double(t / size))
        case .exponential(let gamma):
            return initial * pow(gamma, Double(t))
        case .cosine(let period, let minimum):
            return minimum + (initial - minimum) * (1 + cos(Double.pi * Double(t) / Double(period))) / 2
        case .oneCycle(let maximum, let total, let fraction, let initialDivisor, let finalDivisor):
            let start = maximum / initialDivisor
            let end = start / finalDivisor
            let peak = fraction * Double(total) - 1
            let last = Double(total - 1)
            func anneal(_ from: Double, _ to: Double, _ u: Double) -> Double {
                to + (from - to) * (1 + cos(Double.pi * u)) / 2
            }
            let step = Double(t)
            if step <= peak { return anneal(start, maximum, peak > 0 ? step / peak : 1) }
            return anneal(maximum, end, min((step - peak) / (last - peak), 1))
        }
    }
}
